"""Render: a typed playbook becomes Markdown pages, assets and a per-client MkDocs configuration."""

from __future__ import annotations

import datetime
import html
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.documents import SITE_DOCUMENTS
from generator.core.resources import ASSETS
from generator.model.operating import LAYERS, SEVERITIES, WEEKDAYS
from generator.model.playbook import Playbook
from generator.render import actuals, links, operating, svg
from generator.render.environment import make_environment
from generator.render.gaps import gaps
from generator.render.health import health_items, reasons
from generator.render.pages import Page, Section, nav, plan, timeline, unlisted

ARR_BANDS = {
    "under-1m": "under $1M",
    "1m-5m": "$1M–$5M",
    "5m-10m": "$5M–$10M",
    "10m-20m": "$10M–$20M",
    "over-20m": "over $20M",
}
PRINT_PAGE = "print.md"
CHANGES_PAGE = "changes.md"
ROLE_KINDS = {"internal": "Internal", "fractional-cro": "Fractional CRO", "partner": "Partner"}
# (document, what the team page calls it, its page) of every document with a section, in navigation order.
DOCUMENT_PAGES = tuple((d.name, d.site.listed, d.site.page) for d in SITE_DOCUMENTS if d.site)


@dataclass(frozen=True)
class RenderedSite:
    """What the renderer wrote: the pages and the navigation that lists them."""

    sections: tuple[Section, ...]
    nav: list[Any]

    @property
    def unlisted(self) -> list[str]:
        """Pages built but not in the navigation, as MkDocs `not_in_nav` patterns."""
        return unlisted(self.sections)


def _shared_context(playbook: Playbook, today: datetime.date, field_reference: str) -> dict[str, Any]:
    from markupsafe import Markup

    engagement = playbook.engagement
    now = timeline(playbook, today)
    today_day = now.day if now.state == "during" else None
    first_day = engagement.start if engagement else None
    element_stages = {
        e.id: [s for s in playbook.stages if e.id in s.framework_elements]
        for e in playbook.framework.elements
    }
    element_worked = {
        e.id: [s for s in playbook.stages if e.id in s.framework_works_on]
        for e in playbook.framework.elements
    }
    return {
        "playbook": playbook,
        "engagement": engagement,
        "roles": playbook.roles,
        "currency": playbook.currency,
        "framework_name": playbook.framework.name,
        "status_labels": svg.STATUS_LABELS,
        "arr_bands": ARR_BANDS,
        "role_kinds": ROLE_KINDS,
        "latest": playbook.changelog[0] if playbook.changelog else None,
        "timeline": now,
        "roadmap_svg": svg.roadmap(playbook.phases, today_day, first_day) if playbook.phases else "",
        # The print page has no milestone anchors, so its roadmap links nowhere.
        "roadmap_svg_print": svg.roadmap(playbook.phases, today_day, first_day, links=False)
        if playbook.phases
        else "",
        "ramp_svgs": {p.role: svg.ramp(p, playbook.role_title(p.role)) for p in playbook.ramp},
        "element_stages": element_stages,
        "element_worked": element_worked,
        "documents": [d for d in DOCUMENT_PAGES if playbook.has_document(d[0])],
        **_operating_context(playbook),
        "field_reference": Markup(field_reference),
    }


def _operating_context(playbook: Playbook) -> dict[str, Any]:
    """What the operating-system pages (metrics, cadence, audit, roles, transfer, health) read."""
    health = health_items(playbook)
    return {
        "os": playbook.operating,
        "show": operating.show,
        "bands": operating.bands,
        "operating_links": operating.home_links(playbook),
        "operating_titles": {
            name: operating.page_title(playbook, name, nav) for name, nav, *_ in operating.PAGES
        },
        "sixty_day_labels": operating.STATUS_LABELS,
        "mode_labels": operating.MODE_LABELS,
        "layers": LAYERS,
        "severities": SEVERITIES,
        "weekdays": WEEKDAYS,
        "health": health,
        "health_reasons": reasons(health, playbook),
        "gaps": gaps(playbook),
    }


def _page_context(playbook: Playbook, page: Page) -> dict[str, Any]:
    link = links.Linker(playbook, page.path)
    context: dict[str, Any] = {"link": link, "ops": operating.OperatingLinks(playbook, link), **page.context}
    if page.path in (links.PIPELINE_PAGE, PRINT_PAGE):

        def href(stage_id: str) -> str:
            return link.html_url(links.stage_page(stage_id))

        # One diagram per pipeline; a playbook with one `stages:` list has one, unnamed.
        context["pipeline_svgs"] = [
            (p, svg.pipeline(p.stages, playbook.roles, href)) for p in playbook.pipelines
        ]
    if page.path == operating.ACTUALS_PAGE or (page.path == PRINT_PAGE and playbook.actuals):
        context.update(actuals.context(playbook))
    if "stage" in page.context:
        stage = playbook.stages[page.context["index"]]
        owner = playbook.pipeline_of(stage.id)
        stages = owner.stages if owner else playbook.stages
        i = stages.index(stage)
        context["pipeline"] = owner if owner and owner.id else None
        context["previous"] = stages[i - 1] if i > 0 else None
        context["next"] = stages[i + 1] if i + 1 < len(stages) else None
        # The first period of each plan in which a rep runs this stage alone.
        firsts = ((p, next((x for x in p.periods if stage.id in x.stages), None)) for p in playbook.ramp)
        context["ramp_refs"] = [(p, period) for p, period in firsts if period is not None]
        context["threats"] = [m for m in playbook.failure_modes if stage.id in m.threatens.stages]
    return context


def _front_matter(title: str, searchable: bool = True) -> str:
    # The theme prints a page's title unescaped, and would otherwise take it from the first
    # heading with entities decoded; an escaped title in the front matter wins over both.
    # The print page repeats every other page, so search leaves it out (Material's own key).
    hidden = "" if searchable else "search:\n  exclude: true\n"
    return f"---\ntitle: {json.dumps(html.escape(title))}\n{hidden}---\n\n"


def render_site(
    playbook: Playbook, docs_dir: Path, today: datetime.date, field_reference: str, changes: str | None = None
) -> RenderedSite:
    """Write every page of the playbook's site, and its assets, into `docs_dir`.

    `changes` is the Markdown of a "What changed" page, for a released version's site.
    """
    env = make_environment()
    shared = _shared_context(playbook, today, field_reference)
    sections = plan(playbook)
    for section in sections:
        for page in section.pages:
            template = env.get_template(page.template)
            front = _front_matter(page.title, searchable=page.path != PRINT_PAGE)
            text = front + template.render({**shared, **_page_context(playbook, page)})
            target = docs_dir / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True)
    entries = nav(sections)
    if changes is not None:
        (docs_dir / CHANGES_PAGE).write_text(_front_matter("What changed") + changes, encoding="utf-8")
        entries.insert(1, {"What changed": CHANGES_PAGE})
    return RenderedSite(sections, entries)
