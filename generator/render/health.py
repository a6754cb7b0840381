"""The health page's data: every diagnostic of the playbook, with the rule's reason and the page it is about.

The site is built from a playbook without errors, so what is left are warnings — the advice a
seasoned CRO would give: the diagnostics the build's own validation found, carried by the model.
A draft (build/draft.py) is the exception: its errors are listed too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.documents import DOCUMENTS_BY_NAME, document_title
from generator.load.snapshot import ACTUALS
from generator.model.playbook import Playbook
from generator.render import links
from generator.render.operating import ACTUALS_PAGE
from generator.validate.policy import policy_of

_PART = re.compile(r"([A-Za-z_$]+)|\[(\d+)\]")
# A warning about the manifest as a whole is about its roles and owners: the team page.
_MANIFEST_PAGE = links.ROLES_PAGE


@dataclass(frozen=True)
class HealthItem:
    """One warning as the health page shows it."""

    rule: str
    severity: str
    message: str
    where: str  # file:line, relative to the playbooks folder
    page: str  # the generated page it is about, or empty
    anchor: str
    label: str


def _parts(field: str) -> list[Any]:
    return [name if name else int(index) for name, index in _PART.findall(field)]


def _target(playbook: Playbook, document: str, field: str) -> tuple[str, str, str]:
    """(page, anchor, label) of the deepest item with an ID on the path, else the document's page."""
    data: Any = playbook.documents.get(document, {})
    doc = DOCUMENTS_BY_NAME.get(document)
    found = ((_MANIFEST_PAGE if document == "playbook" else doc.page) if doc else "", "", "")
    parts = _parts(field)
    for n, part in enumerate(parts):
        if not isinstance(data, dict | list):
            break
        data = data[part] if isinstance(data, list) else data.get(part)
        item = doc.item_page(parts[n - 1]) if doc and n and isinstance(parts[n - 1], str) else None
        if isinstance(part, int) and isinstance(data, dict) and item:
            key = data.get("id") or data.get("role")
            if key:
                page, anchor = item.at(key)
                found = (page, anchor, _label(playbook, document, key, data))
    if not found[2] and found[0]:
        found = (found[0], found[1], document_title(document))
    return found


def _label(playbook: Playbook, document: str, key: str, data: dict[str, Any]) -> str:
    """What the item is called on its page: metrics may take their name from the library, roles from the manifest."""
    if document == "metrics" and (metric := playbook.operating.metric(key)):
        return metric.name
    if document in ("ramp", "roles", "transfer") and key in playbook.roles:
        return playbook.role_title(key)
    return str(data.get("name") or data.get("label") or data.get("title") or key)


def _where(file: str, line: int, folder: Path) -> str:
    path = Path(file).resolve()
    try:
        shown = path.relative_to(folder.parent).as_posix()
    except ValueError:
        shown = path.name
    return f"{shown}:{line}"


def _item(playbook: Playbook, diagnostic: Diagnostic, folder: Path) -> HealthItem:
    document = Path(diagnostic.location.file).stem
    page, anchor, label = _target(playbook, document, diagnostic.field)
    if Path(diagnostic.location.file).parent.name == ACTUALS:  # a snapshot: its figures show on one page
        page, anchor, label = ACTUALS_PAGE, "", "Actuals"
    where = _where(diagnostic.location.file, diagnostic.location.line, folder)
    return HealthItem(
        diagnostic.rule, diagnostic.severity.value, diagnostic.message, where, page, anchor, label
    )


def health_items(playbook: Playbook) -> tuple[HealthItem, ...]:
    """Every diagnostic of the playbook's folder, in file and line order."""
    if playbook.source is None:
        return ()
    return tuple(_item(playbook, d, playbook.source) for d in playbook.diagnostics)


def reasons(items: tuple[HealthItem, ...], playbook: Playbook) -> list[tuple[str, str, str]]:
    """(rule, what it checks, why it matters) of every rule that warns under the playbook's policy, fired first."""
    fired = {item.rule for item in items}
    policy = policy_of(playbook.documents.get("playbook", {}).get("rules"))
    held = {*playbook.documents, *([ACTUALS] if playbook.actuals else [])}
    present = [r for r in policy.rules_at(Severity.WARNING) if all(d in held for d in r.documents)]
    rules = sorted(present, key=lambda r: (r.id not in fired, r.id))
    return [(r.id, r.summary, r.reason) for r in rules]
