"""The page plan of a playbook site: which pages exist, their titles, templates and navigation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from generator.core import limits
from generator.core.documents import DOCUMENTS_BY_NAME
from generator.model.playbook import Milestone, Phase, Playbook
from generator.render import links, operating


@dataclass(frozen=True)
class Page:
    """One generated Markdown page."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """A navigation section: its index page and the pages under it."""

    title: str
    index: Page
    children: tuple[Page, ...] = ()

    @property
    def pages(self) -> tuple[Page, ...]:
        return (self.index, *self.children)


@dataclass(frozen=True)
class Timeline:
    """Where the engagement stands on the build's date."""

    today: datetime.date
    day: int | None
    phase: Phase | None
    upcoming: tuple[Milestone, ...]
    state: str  # before, during, after, template


def timeline(playbook: Playbook, today: datetime.date) -> Timeline:
    open_milestones = sorted(
        (m for m in playbook.milestones if m.status not in ("done", "dropped")),
        key=lambda m: (m.due_day, m.id),
    )
    engagement = playbook.engagement
    if engagement is None:
        return Timeline(today, None, None, tuple(open_milestones[:5]), "template")
    day = engagement.day(today)
    phase = next((p for p in playbook.phases if p.start_day <= day <= p.end_day), None)
    state = "before" if today < engagement.start else "after" if today > engagement.end else "during"
    upcoming = [m for m in open_milestones if state != "during" or m.due_day >= day] or open_milestones
    return Timeline(today, day, phase, tuple(upcoming[:5]), state)


def plan(playbook: Playbook) -> tuple[Section, ...]:
    """Every section of the site, in navigation order; a document the playbook leaves out has none."""
    has = playbook.has_document
    sections = (
        Section("Home", Page("index.md", playbook.name, "home.md.j2")),
        Section("Team", Page(links.ROLES_PAGE, "Team and ownership", "team.md.j2")),
        has("icp")
        and _section(
            "icp",
            tuple(
                Page(links.segment_page(s.id), s.name, "segment.md.j2", {"segment": s})
                for s in playbook.segments
            ),
        ),
        _section(
            "stages",
            tuple(
                Page(links.stage_page(s.id), s.label, "stage.md.j2", {"stage": s, "index": i})
                for i, s in enumerate(playbook.stages)
            ),
        ),
        has("ramp")
        and _section(
            "ramp",
            tuple(
                Page(links.ramp_page(p.role), playbook.role_title(p.role), "ramp_plan.md.j2", {"plan": p})
                for p in playbook.ramp
            ),
        ),
        has("milestones") and _section("milestones"),
        has("failure_modes")
        and _section(
            "failure_modes",
            tuple(
                Page(links.failure_mode_page(m.id), m.name, "failure_mode.md.j2", {"mode": m})
                for m in playbook.failure_modes
            ),
        ),
        *(
            Section(nav_title, Page(path, title, template))
            for nav_title, path, title, template in operating.pages(playbook)
        ),
        Section("Print", Page("print.md", "The whole playbook", "print.md.j2")),
        Section("Reference", Page("reference.md", "Field reference", "reference.md.j2")),
    )
    return tuple(section for section in sections if section)


def _section(document: str, children: tuple[Page, ...] = ()) -> Section:
    """A document's section, titled and placed as the registry says."""
    site = DOCUMENTS_BY_NAME[document].site
    assert site is not None, document
    return Section(site.section, Page(site.page, site.heading, site.template), children)


def _listed(section: Section) -> bool:
    """Whether the navigation lists a section's pages. Material renders the whole navigation into
    every page, so a section of thousands of pages would cost pages × pages; past the limit only
    its index page (which lists them all) is in the navigation, and the build stays linear."""
    return bool(section.children) and len(section.children) <= limits.MAX_NAV_CHILDREN


def unlisted(sections: tuple[Section, ...]) -> list[str]:
    """MkDocs `not_in_nav` patterns for the pages of sections the navigation does not list."""
    patterns: list[str] = []
    for section in sections:
        if section.children and not _listed(section):
            folder = section.index.path.rpartition("/")[0]
            patterns += [f"/{folder}/*.md", f"!/{section.index.path}"]
    return patterns


def nav(sections: tuple[Section, ...]) -> list[Any]:
    """MkDocs' `nav:` for the sections."""
    entries: list[Any] = []
    for section in sections:
        if not _listed(section):
            entries.append({section.title: section.index.path})
        else:
            entries.append(
                {section.title: [section.index.path, *({p.title: p.path} for p in section.children)]}
            )
    return entries
