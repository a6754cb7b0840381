"""The health page's data: every diagnostic of the playbook, with the rule's reason and the page it is about.

The site is built from a playbook without errors, so what is left are warnings — the advice a
seasoned CRO would give: the diagnostics the build's own validation found, carried by the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.documents import DOCUMENTS_BY_NAME
from generator.model.playbook import Playbook
from generator.render import links
from generator.render import operating as pages
from generator.validate.policy import policy_of

_PART = re.compile(r"([A-Za-z_$]+)|\[(\d+)\]")
# The page (and anchor prefix) of the items of each keyed list, by document and list field.
_ITEM_PAGES: dict[tuple[str, str], Callable[[str], tuple[str, str]]] = {
    ("stages", "stages"): lambda i: (links.stage_page(i), ""),
    ("icp", "segments"): lambda i: (links.segment_page(i), ""),
    ("ramp", "plans"): lambda i: (links.ramp_page(i), ""),
    ("failure_modes", "failure_modes"): lambda i: (links.failure_mode_page(i), ""),
    ("milestones", "phases"): lambda i: (links.ROADMAP_PAGE, f"phase-{i}"),
    ("milestones", "milestones"): lambda i: (links.ROADMAP_PAGE, f"milestone-{i}"),
    ("metrics", "metrics"): lambda i: (pages.METRICS_PAGE, f"metric-{i}"),
    ("cadence", "meetings"): lambda i: (pages.CADENCE_PAGE, f"meeting-{i}"),
    ("audit", "findings"): lambda i: (pages.AUDIT_PAGE, f"finding-{i}"),
    ("roles", "roles"): lambda i: (pages.ROLES_DETAIL_PAGE, f"role-detail-{i}"),
    ("transfer", "successors"): lambda i: (pages.TRANSFER_PAGE, ""),
}
_DOCUMENT_PAGES = {
    "playbook": links.ROLES_PAGE,
    "icp": "icp/index.md",
    "stages": links.PIPELINE_PAGE,
    "ramp": "ramp/index.md",
    "milestones": links.ROADMAP_PAGE,
    "failure_modes": "failure-modes/index.md",
    **{name: page for name, _, page in pages.DOCUMENT_PAGES},
}


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
    found = (_DOCUMENT_PAGES.get(document, ""), "", "")
    parts = _parts(field)
    for n, part in enumerate(parts):
        if not isinstance(data, dict | list):
            break
        data = data[part] if isinstance(data, list) else data.get(part)
        if isinstance(part, int) and isinstance(data, dict) and n and (document, parts[n - 1]) in _ITEM_PAGES:
            key = data.get("id") or data.get("role")
            if key:
                page, anchor = _ITEM_PAGES[(document, parts[n - 1])](key)
                found = (page, anchor, _label(playbook, document, key, data))
    if not found[2] and found[0]:
        found = (
            found[0],
            found[1],
            DOCUMENTS_BY_NAME[document].title if document in DOCUMENTS_BY_NAME else document,
        )
    return found


def _label(playbook: Playbook, document: str, key: str, data: dict[str, Any]) -> str:
    """What the item is called on its page: metrics may take their name from the library, roles from the manifest."""
    if document == "metrics" and (metric := playbook.operating.metric(key)):
        return metric.name
    if document in ("ramp", "roles", "transfer") and key in playbook.roles:
        return playbook.roles[key].title
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
    present = [
        r for r in policy.rules_at(Severity.WARNING) if all(d in playbook.documents for d in r.documents)
    ]
    rules = sorted(present, key=lambda r: (r.id not in fired, r.id))
    return [(r.id, r.summary, r.reason) for r in rules]
