"""Pages of the operating system: which exist, how their values read, and links to their items."""

from __future__ import annotations

from markupsafe import Markup

from generator.core.documents import DOCUMENTS_BY_NAME, OPERATING_SITE
from generator.core.formula import FormulaError, tokens
from generator.model.operating import Level, Metric
from generator.model.playbook import Playbook
from generator.render.amounts import money
from generator.render.links import Linker
from generator.render.text import plain

METRICS_PAGE = DOCUMENTS_BY_NAME["metrics"].page
CADENCE_PAGE = DOCUMENTS_BY_NAME["cadence"].page
AUDIT_PAGE = DOCUMENTS_BY_NAME["audit"].page
ROLES_DETAIL_PAGE = DOCUMENTS_BY_NAME["roles"].page
TRANSFER_PAGE = DOCUMENTS_BY_NAME["transfer"].page
HEALTH_PAGE = "health.md"
ACTUALS_PAGE = "actuals.md"

# (document, navigation title, page, template, what the page holds) in navigation order.
PAGES = tuple(
    (doc.name, doc.site.section, doc.site.page, doc.site.template, doc.site.blurb)
    for doc in OPERATING_SITE
    if doc.site
)
DOCUMENT_PAGES = tuple((name, nav, page) for name, nav, page, _, _ in PAGES)
STATUS_LABELS = {"not-yet": "Not yet", "at-risk": "At risk", "passing": "Passing"}
MODE_LABELS = {"shadow": "Successor watches", "co-run": "Run together", "reverse-shadow": "CRO watches"}


def page_title(playbook: Playbook, document: str, nav_title: str) -> str:
    """The page's heading; the transfer plan is titled by the day the CRO leaves."""
    if document == "transfer":
        end = playbook.engagement.end if playbook.engagement else None
        return f"Who owns what after {end.day} {end:%b %Y}" if end else "Who owns what after the engagement"
    site = DOCUMENTS_BY_NAME[document].site if document in DOCUMENTS_BY_NAME else None
    return site.heading if site else nav_title


def pages(playbook: Playbook) -> list[tuple[str, str, str, str]]:
    """(navigation title, path, page title, template) of each page the playbook has, then the health page."""
    present = playbook.operating.documents
    found = [
        (nav, path, page_title(playbook, name, nav), template)
        for name, nav, path, template, _ in PAGES
        if name in present
    ]
    if playbook.actuals:  # the measured figures follow the targets they are judged against
        after = next((i + 1 for i, page in enumerate(found) if page[1] == METRICS_PAGE), len(found))
        found.insert(after, ("Actuals", ACTUALS_PAGE, "Actuals", "actuals.md.j2"))
    return [*found, ("Health", HEALTH_PAGE, "Playbook health", "health.md.j2")]


def home_links(playbook: Playbook) -> list[tuple[str, str, str]]:
    """(title, page, blurb) for the home page's list of sections."""
    present = playbook.operating.documents
    found = [(nav, path, blurb) for name, nav, path, _, blurb in PAGES if name in present]
    if playbook.actuals:
        after = next((i + 1 for i, link in enumerate(found) if link[1] == METRICS_PAGE), len(found))
        found.insert(
            after, ("Actuals", ACTUALS_PAGE, "the CRM's figures against the targets, stages and ICP")
        )
    return [*found, ("Playbook health", HEALTH_PAGE, "what a seasoned CRO would flag in this playbook today")]


def show(value: float | None, unit: str, currency: str) -> str:
    """A metric value as people read it: 0.31 ratio → 31%, 3.5 multiple → 3.5×."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}".removesuffix(".0") + "%"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "multiple":
        return f"{value:g}×"
    if unit == "currency":
        return money(round(value), currency)
    if unit in ("days", "months"):
        return f"{value:g} {unit if value != 1 else unit[:-1]}"
    return f"{value:,g}"


def bands(metric: Metric, level: Level, currency: str) -> tuple[str, str, str]:
    """The green, amber and red ranges of a target, as text."""
    green = level.green if level.green is not None else level.value
    g, r = show(green, metric.unit, currency), show(level.red, metric.unit, currency)
    better, worse = ("≥", "<") if metric.direction == "higher" else ("≤", ">")
    if level.red is None:
        return f"{better} {g}", f"{worse} {g}", "—"
    low, high = (r, g) if metric.direction == "higher" else (g, r)
    return f"{better} {g}", f"{low} to {high}", f"{worse} {r}"


class OperatingLinks:
    """Links to metrics, inputs, meetings, findings and decisions, from the page being written."""

    def __init__(self, playbook: Playbook, link: Linker) -> None:
        self.os = playbook.operating
        self.link = link

    def metric(self, metric_id: str) -> Markup:
        metric = self.os.metric(metric_id)
        return self.link.page(metric.name if metric else metric_id, METRICS_PAGE, f"metric-{metric_id}")

    def meeting(self, meeting_id: str) -> Markup:
        meeting = self.os.meeting(meeting_id)
        return self.link.page(meeting.name if meeting else meeting_id, CADENCE_PAGE, f"meeting-{meeting_id}")

    def finding(self, finding_id: str) -> Markup:
        audit = self.os.audit
        found = next((f for f in audit.findings if f.id == finding_id), None) if audit else None
        return self.link.page(found.title if found else finding_id, AUDIT_PAGE, f"finding-{finding_id}")

    def decision(self, decision_id: str) -> Markup:
        found = next((d for d in self.os.decisions if d.id == decision_id), None)
        return self.link.page(
            found.decision if found else decision_id, ROLES_DETAIL_PAGE, f"decision-{decision_id}"
        )

    def formula(self, metric: Metric) -> Markup:
        """The formula as written, each name a link to the metric or input it names."""
        try:
            parts = tokens(metric.formula)
        except FormulaError:
            return plain(metric.formula)
        out, pos = [], 0
        for token in parts:
            out.append(" " * (token.column - 1 - pos))  # keep the spacing the formula was written with
            pos = token.column - 1 + len(token.text)
            if token.kind != "name":
                out.append(str(plain(token.text)))
            else:
                prefix = "metric" if self.os.metric(token.text) else "input"
                out.append(self.link.page(token.text, METRICS_PAGE, f"{prefix}-{token.text}"))
        return Markup("".join(out))
