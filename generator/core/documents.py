"""The registry of document types: each one's file, schema, title, and where it shows on the site.

Kept apart from the Cerberus schemas, so that finding files and hashing inputs stay light. Render
(the page plan), diff and the health page all read where a document and its items show from here,
so adding a document or moving a page is one edit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemPage:
    """Where the items of one keyed list show: a page and an anchor, each with `{}` for the item's ID."""

    field: str
    page: str
    anchor: str = ""

    def at(self, key: str) -> tuple[str, str]:
        return self.page.format(key), self.anchor.format(key)


@dataclass(frozen=True)
class SitePages:
    """The site section a document renders to: its index page, and the pages or anchors of its items."""

    section: str  # the navigation title
    page: str
    heading: str  # the index page's title
    template: str
    listed: str  # what the team page's list of documents calls it
    blurb: str = ""  # what the home page says the section holds
    items: tuple[ItemPage, ...] = ()

    def item(self, list_field: str) -> ItemPage | None:
        return next((i for i in self.items if i.field == list_field), None)


@dataclass(frozen=True)
class DocumentType:
    """One document of the content model: its file, schema, title, whether a playbook needs it, its pages."""

    name: str
    title: str
    required: bool = True
    engagement: bool = False  # required only in an engagement playbook and in templates
    site: SitePages | None = None  # None: no section of its own (the manifest shows on home and team)
    items: tuple[ItemPage, ...] = ()  # items shown outside the document's own section
    schema: str = ""  # the name of its schema in the schema set; the document's name unless given

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema_name(self) -> str:
        return self.schema or self.name

    @property
    def page(self) -> str:
        """The page a change or a warning about the document as a whole points to."""
        return self.site.page if self.site else "index.md"

    def item_page(self, list_field: str) -> ItemPage | None:
        """Where an item of `list_field` shows, when the list has a page or anchor per item."""
        own = self.site.item(list_field) if self.site else None
        return own or next((i for i in self.items if i.field == list_field), None)

    @property
    def item_pages(self) -> tuple[ItemPage, ...]:
        return (*(self.site.items if self.site else ()), *self.items)


def _one_page(section: str, page: str, heading: str, blurb: str, *items: ItemPage) -> SitePages:
    """An operating-system document: one page, named after it, rendered by `<page>.j2`."""
    return SitePages(section, page, heading, f"{page}.j2", section, blurb, items)


DOCUMENTS: tuple[DocumentType, ...] = (
    DocumentType("playbook", "Manifest", items=(ItemPage("roles", "team.md", "role-{}"),)),
    DocumentType(
        "icp",
        "Ideal customer profiles",
        engagement=True,
        site=SitePages(
            "Customers",
            "icp/index.md",
            "Ideal customer profiles",
            "icp_index.md.j2",
            "Ideal customer profiles",
            items=(ItemPage("segments", "icp/{}.md"),),
        ),
    ),
    DocumentType(
        "stages",
        "Sales process",
        site=SitePages(
            "Pipeline",
            "pipeline/index.md",
            "Pipeline",
            "pipeline_index.md.j2",
            "Pipeline",
            items=(ItemPage("stages", "pipeline/{}.md"),),
        ),
    ),
    # A company's own playbook (no `engagement`) holds what the company wrote down, nothing invented.
    DocumentType(
        "ramp",
        "Onboarding ramp plans",
        engagement=True,
        site=SitePages(
            "Ramp",
            "ramp/index.md",
            "Ramp plans",
            "ramp_index.md.j2",
            "Ramp plans",
            items=(ItemPage("plans", "ramp/{}.md"),),
        ),
    ),
    DocumentType(
        "milestones",
        "Engagement plan",
        engagement=True,
        site=SitePages(
            "Roadmap",
            "roadmap.md",
            "Engagement roadmap",
            "roadmap.md.j2",
            "Engagement roadmap",
            items=(
                ItemPage("phases", "roadmap.md", "phase-{}"),
                ItemPage("milestones", "roadmap.md", "milestone-{}"),
            ),
        ),
    ),
    DocumentType(
        "failure_modes",
        "Failure modes",
        engagement=True,
        site=SitePages(
            "Failure modes",
            "failure-modes/index.md",
            "Failure modes",
            "failure_modes_index.md.j2",
            "Failure modes",
            items=(ItemPage("failure_modes", "failure-modes/{}.md"),),
        ),
    ),
    # The operating system the CRO leaves behind; optional, so older playbooks stay valid.
    DocumentType(
        "metrics",
        "Metrics dictionary",
        required=False,
        site=_one_page(
            "Metrics",
            "metrics.md",
            "Metrics dictionary",
            "every KPI with its formula, targets and owner",
            ItemPage("metrics", "metrics.md", "metric-{}"),
        ),
    ),
    DocumentType(
        "cadence",
        "Operating cadence",
        required=False,
        site=_one_page(
            "Operating cadence",
            "cadence.md",
            "Operating cadence",
            "the meetings that run the team, week by week",
            ItemPage("meetings", "cadence.md", "meeting-{}"),
        ),
    ),
    DocumentType(
        "roles",
        "Roles and compensation",
        required=False,
        site=_one_page(
            "Roles and RACI",
            "roles.md",
            "Roles, hand-offs and decisions",
            "missions, quotas, pay mix, hand-offs and who decides what",
            ItemPage("roles", "roles.md", "role-detail-{}"),
        ),
    ),
    DocumentType(
        "audit",
        "Revenue audit",
        required=False,
        site=_one_page(
            "Revenue audit",
            "audit.md",
            "Revenue audit",
            "findings by layer and severity, and what fixes each",
            ItemPage("findings", "audit.md", "finding-{}"),
        ),
    ),
    DocumentType(
        "transfer",
        "Transfer plan",
        required=False,
        site=_one_page(
            "Transfer plan",
            "transfer.md",
            "Transfer plan",  # the renderer titles it by the day the CRO leaves
            "who owns what after the engagement, and the 60-day test",
            ItemPage("successors", "transfer.md"),
        ),
    ),
    # Where the CRM exports are and how to read them; `playbook actuals` reads it, the site does not.
    DocumentType("data", "CRM data sources", required=False),
)
DOCUMENTS_BY_NAME = {doc.name: doc for doc in DOCUMENTS}
SITE_ORDER = (
    "icp",
    "stages",
    "ramp",
    "milestones",
    "failure_modes",
    "audit",
    "metrics",
    "cadence",
    "roles",
    "transfer",
)
"""The documents' sections in navigation order (the audit leads the operating system: it says what to fix)."""
SITE_DOCUMENTS = tuple(DOCUMENTS_BY_NAME[name] for name in SITE_ORDER)
OPERATING_SITE = tuple(doc for doc in SITE_DOCUMENTS if not doc.required)
"""The operating-system documents' one-page sections, listed on the home page and after the playbook's own."""


def document_title(name: str) -> str:
    """What a document is called: its registered title, else its name."""
    doc = DOCUMENTS_BY_NAME.get(name)
    return doc.title if doc else name


BRAND = "brand"
"""The schema of site_config/brands/<name>.yml, which is not a playbook document."""
