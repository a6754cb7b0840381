"""The health page's data: every diagnostic of the playbook, with the rule's reason and the page it is about.

The site is built from a playbook without errors, so what is left are warnings — the advice a
seasoned CRO would give: the diagnostics the build's own validation found, carried by the model.
A draft (build/draft.py) is the exception: its errors are listed too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.documents import DOCUMENTS_BY_NAME, document_title
from generator.load.snapshot import ACTUALS
from generator.model.playbook import Playbook
from generator.model.subjects import Subject
from generator.render import links
from generator.render.operating import ACTUALS_PAGE
from generator.validate.policy import policy_of

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


def _target(playbook: Playbook, document: str, diagnostic: Diagnostic) -> tuple[str, str, str]:
    """(page, anchor, label) of the deepest item with an ID and a page on the path, else the document's page."""
    doc = DOCUMENTS_BY_NAME.get(document)
    found = ((_MANIFEST_PAGE if document == "playbook" else doc.page) if doc else "", "", "")
    for subject in playbook.subjects.get(diagnostic, ()):
        item = doc.item_page(subject.list_field) if doc else None
        if item:
            page, anchor = item.at(subject.key)
            found = (page, anchor, _label(playbook, document, subject))
    if not found[2] and found[0]:
        found = (found[0], found[1], document_title(document))
    return found


def _label(playbook: Playbook, document: str, subject: Subject) -> str:
    """What the item is called on its page: metrics may take their name from the library, roles from the manifest."""
    if document == "metrics" and (metric := playbook.operating.metric(subject.key)):
        return metric.name
    if document in ("ramp", "roles", "transfer") and subject.key in playbook.roles:
        return playbook.role_title(subject.key)
    return subject.name


def _where(file: str, line: int, folder: Path) -> str:
    path = Path(file).resolve()
    try:
        shown = path.relative_to(folder.parent).as_posix()
    except ValueError:
        shown = path.name
    return f"{shown}:{line}"


def _item(playbook: Playbook, diagnostic: Diagnostic, folder: Path) -> HealthItem:
    document = Path(diagnostic.location.file).stem
    page, anchor, label = _target(playbook, document, diagnostic)
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
    policy = policy_of(playbook.rules)
    present = [
        r
        for r in policy.rules_at(Severity.WARNING)
        if all(playbook.has_document(d) or (d == ACTUALS and playbook.actuals) for d in r.documents)
    ]
    rules = sorted(present, key=lambda r: (r.id not in fired, r.id))
    return [(r.id, r.summary, r.reason) for r in rules]
