"""Links between generated pages: every ID a playbook names becomes a link to where it is described."""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from generator.core.documents import DOCUMENTS_BY_NAME
from generator.model.playbook import Playbook
from generator.render.text import plain


def _item_page(document: str, list_field: str, key: str) -> str:
    item = DOCUMENTS_BY_NAME[document].item_page(list_field)
    assert item is not None, (document, list_field)
    return item.at(key)[0]


def stage_page(stage_id: str) -> str:
    return _item_page("stages", "stages", stage_id)


def segment_page(segment_id: str) -> str:
    return _item_page("icp", "segments", segment_id)


def ramp_page(role_id: str) -> str:
    return _item_page("ramp", "plans", role_id)


def failure_mode_page(mode_id: str) -> str:
    return _item_page("failure_modes", "failure_modes", mode_id)


ROLES_PAGE = "team.md"
ROADMAP_PAGE = DOCUMENTS_BY_NAME["milestones"].page
PIPELINE_PAGE = DOCUMENTS_BY_NAME["stages"].page


class Linker:
    """Builds Markdown links from the page being written to the page (and anchor) of an ID."""

    def __init__(self, playbook: Playbook, page: str) -> None:
        self.playbook = playbook
        self.current = page

    def url(self, target: str, anchor: str = "") -> str:
        """A relative link to another generated page, as MkDocs resolves Markdown links."""
        path = "" if target == self.current else relative(target, self.current)
        return f"{path}#{anchor}" if anchor else path

    def html_url(self, target: str, anchor: str = "") -> str:
        """The same link for raw HTML (and SVG), where MkDocs does not rewrite `.md` to `.html`."""
        url = self.url(target, anchor)
        return url.replace(".md#", ".html#") if ".md#" in url else re_html(url)

    def _link(self, label: str, target: str, anchor: str = "") -> Markup:
        return Markup(f"[{plain(label)}]({self.url(target, anchor)})")

    def stage(self, stage_id: str) -> Markup:
        stage = next((s for s in self.playbook.stages if s.id == stage_id), None)
        if stage is None:  # a draft's unknown reference: no page to link to
            return Markup(f"<code>{plain(stage_id)}</code>")
        return self._link(stage.label, stage_page(stage_id))

    def role(self, role_id: str) -> Markup:
        return self._link(self.playbook.role_title(role_id), ROLES_PAGE, f"role-{role_id}")

    def role_html(self, role_id: str) -> Markup:
        """A role link for raw HTML blocks, where Markdown link syntax is not processed."""
        href = self.html_url(ROLES_PAGE, f"role-{role_id}")
        return Markup(f'<a href="{href}">{plain(self.playbook.role_title(role_id))}</a>')

    def element(self, element_id: str) -> Markup:
        element = next((e for e in self.playbook.framework.elements if e.id == element_id), None)
        return self._link(element.name if element else element_id, PIPELINE_PAGE, f"element-{element_id}")

    def milestone(self, milestone_id: str) -> Markup:
        milestone = next((m for m in self.playbook.milestones if m.id == milestone_id), None)
        return self._link(
            milestone.title if milestone else milestone_id, ROADMAP_PAGE, f"milestone-{milestone_id}"
        )

    def deliverable(self, deliverable_id: str) -> Markup:
        deliverable = next((d for d in self.playbook.deliverables if d.id == deliverable_id), None)
        label = deliverable.name if deliverable else deliverable_id
        return self._link(label, ROADMAP_PAGE, f"deliverable-{deliverable_id}")

    def segment(self, segment_id: str) -> Markup:
        segment = next((s for s in self.playbook.segments if s.id == segment_id), None)
        if segment is None:  # a draft's unknown reference: no page to link to
            return Markup(f"<code>{plain(segment_id)}</code>")
        return self._link(segment.name, segment_page(segment_id))

    def failure_mode(self, mode_id: str) -> Markup:
        mode = next((m for m in self.playbook.failure_modes if m.id == mode_id), None)
        if mode is None:  # a draft's unknown reference: no page to link to
            return Markup(f"<code>{plain(mode_id)}</code>")
        return self._link(mode.name, failure_mode_page(mode_id))

    def page(self, label: str, target: str, anchor: str = "") -> Markup:
        return self._link(label, target, anchor)


def relative(target: str, page: str) -> str:
    """`target` as seen from `page` (both relative to the docs folder), without touching the disk."""
    here = posixpath.dirname(page)
    there = posixpath.dirname(target)
    if here == there:
        return posixpath.basename(target)
    if not here:
        return target
    return posixpath.relpath(target, here)


def re_html(url: str) -> str:
    return url[:-3] + ".html" if url.endswith(".md") else url
