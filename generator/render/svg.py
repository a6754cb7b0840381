"""Diagrams drawn at build time as inline SVG, so they print, scale and work offline.

Colours come from CSS classes (assets/playbook.css), so a client's brand and the dark scheme
apply to them; text is escaped like everything else.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator.model.playbook import Phase, RampPlan, Role, Stage

STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "at-risk": "At risk",
    "done": "Done",
    "dropped": "Dropped",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="pb-svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg"><title>{_e(label)}</title>'
    )
    return Markup('<div class="pb-diagram">' + head + "".join(body) + "</svg></div>")


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pipeline(stages: Sequence[Stage], roles: dict[str, Role], href: Callable[[str], str]) -> Markup:
    """The stages in order as linked boxes: probability and owner under each label."""
    open_stages = [s for s in stages if s.category == "open"]
    closed = [s for s in stages if s.category != "open"]
    box_w, box_h, gap, pad = 150, 78, 24, 10
    width = pad * 2 + max(len(open_stages), 1) * (box_w + gap) - gap
    closed_w = (width - pad * 2 - gap * (len(closed) - 1)) // max(len(closed), 1) if closed else 0
    height = pad * 2 + box_h + (gap + 48 if closed else 0)
    body: list[str] = []
    for i, stage in enumerate(open_stages):
        x = pad + i * (box_w + gap)
        owner = roles[stage.owner].title if stage.owner in roles else stage.owner
        body.append(
            f'<a href="{_e(href(stage.id))}" class="pb-svg-link"><g class="pb-svg-stage">'
            f'<rect x="{x}" y="{pad}" width="{box_w}" height="{box_h}" rx="6"/>'
            f'<text x="{x + box_w / 2:g}" y="{pad + 24}" class="pb-svg-title">{_e(_fit(stage.label, 20))}</text>'
            f'<text x="{x + box_w / 2:g}" y="{pad + 46}" class="pb-svg-figure">{_share(stage.probability)}</text>'
            f'<text x="{x + box_w / 2:g}" y="{pad + 66}" class="pb-svg-note">{_e(_fit(owner, 24))}</text>'
            "</g></a>"
        )
        if i < len(open_stages) - 1:
            ax = x + box_w
            body.append(
                f'<path class="pb-svg-arrow" d="M{ax + 4} {pad + box_h / 2:g} h{gap - 10} '
                f'm-5 -5 l5 5 l-5 5"/>'
            )
    for i, stage in enumerate(closed):
        x, y = pad + i * (closed_w + gap), pad + box_h + gap
        body.append(
            f'<a href="{_e(href(stage.id))}" class="pb-svg-link"><g class="pb-svg-stage pb-svg-{_e(stage.category)}">'
            f'<rect x="{x}" y="{y}" width="{closed_w}" height="44" rx="6"/>'
            f'<text x="{x + closed_w / 2:g}" y="{y + 27}" class="pb-svg-title">'
            f"{_e(_fit(stage.label, 28))}{_share(stage.probability, ' · ')}</text></g></a>"
        )
    return _svg(width, height, "Pipeline stages in order, with win probability and owner", body)


def ramp(plan: RampPlan, role_title: str) -> Markup:
    """A ramp plan's periods along the day axis, each as tall as the quota it carries."""
    total = plan.periods[-1].end_day
    width, pad, top, chart_h = 760, 12, 14, 120
    scale = (width - pad * 2) / total
    body: list[str] = []
    for period in plan.periods:
        x = pad + (period.start_day - 1) * scale
        w = (period.end_day - period.start_day + 1) * scale
        h = max(period.quota_fraction * chart_h, 3)
        y = top + chart_h - h
        body.append(
            f'<g class="pb-svg-period"><rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{chart_h}" class="pb-svg-band"/>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" class="pb-svg-quota"/>'
            f'<text x="{x + w / 2:.1f}" y="{top + chart_h + 18}" class="pb-svg-title">{_e(_fit(period.label, 22))}</text>'
            f'<text x="{x + w / 2:.1f}" y="{top + chart_h + 36}" class="pb-svg-note">'
            f"days {period.start_day}–{period.end_day} · {period.quota_fraction:.0%} of quota</text></g>"
        )
    label = f"Ramp plan for {role_title}: quota carried in each period"
    return _svg(width, top + chart_h + 46, label, body)


def roadmap(phases: Sequence[Phase], today: int | None) -> Markup:
    """Phases along the engagement's days, milestones as dots coloured by status, and today."""
    start, end = phases[0].start_day, max(p.end_day for p in phases)
    width, pad, band_y, band_h = 760, 12, 30, 36
    scale = (width - pad * 2) / (end - start + 1)

    def x_of(day: float) -> float:
        return pad + (day - start) * scale

    body: list[str] = []
    for phase in phases:
        x, w = x_of(phase.start_day), (phase.end_day - phase.start_day + 1) * scale
        body.append(
            f'<g class="pb-svg-phase pb-svg-phase-{_e(phase.kind)}">'
            f'<rect x="{x:.1f}" y="{band_y}" width="{w:.1f}" height="{band_h}" rx="4"/>'
            f'<text x="{x + w / 2:.1f}" y="{band_y + 23}" class="pb-svg-title">{_e(_fit(phase.name, 24))}</text></g>'
        )
        for milestone in phase.milestones:
            cx = x_of(milestone.due_day - 0.5)
            status = STATUS_LABELS.get(milestone.status, milestone.status)
            body.append(
                f'<a href="#milestone-{_e(milestone.id)}" class="pb-svg-link">'
                f'<circle cx="{cx:.1f}" cy="{band_y + band_h + 18}" r="7" class="pb-svg-status-{_e(milestone.status)}">'
                f"<title>{_e(milestone.title)} — day {milestone.due_day}, {_e(status)}</title></circle></a>"
            )
    if today is not None and start <= today <= end:
        tx = x_of(today - 0.5)
        body.append(
            f'<line x1="{tx:.1f}" y1="14" x2="{tx:.1f}" y2="{band_y + band_h + 30}" class="pb-svg-today"/>'
            f'<text x="{tx:.1f}" y="10" class="pb-svg-note">today · day {today}</text>'
        )
    return _svg(width, band_y + band_h + 34, "Engagement roadmap: phases and milestones by status", body)


def _share(probability: float | None, before: str = "") -> str:
    """A stage's probability as a percentage, or nothing when the playbook does not state one."""
    return "" if probability is None else f"{before}{probability:.0%}"
