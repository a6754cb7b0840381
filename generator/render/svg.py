"""Diagrams drawn at build time as inline SVG, so they print, scale and work offline.

Colours come from CSS classes (assets/playbook.css), so a client's brand and the dark scheme
apply to them; text is escaped like everything else.

Each diagram is drawn twice, for a wide column (WIDE px) and a phone (NARROW px), and the
stylesheet shows the one that fits its container: drawn at its natural size, text never
renders below the sizes set here. Long names wrap onto more lines instead of being cut.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator.model.playbook import Phase, RampPlan, Role, Stage, role_title

STATUS_LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "at-risk": "At risk",
    "done": "Done",
    "dropped": "Dropped",
}

WIDE, NARROW = 660, 340
PAD = 8
TITLE, FIGURE, NOTE = 14, 18, 13  # font sizes in px; the stylesheet uses the same
LINE = {TITLE: 18, FIGURE: 22, NOTE: 17}
# Average advance of a character as a share of the font size: generous, so that text measured
# with it fits in whichever sans-serif face the reader's system has.
_ADVANCE = {True: 0.62, False: 0.56}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def text_width(text: str, size: int, bold: bool = False) -> float:
    """An upper estimate of how wide `text` renders at `size` px."""
    return len(text) * size * _ADVANCE[bold]


def wrap(text: str, width: float, size: int, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width` (a word longer than a line gets its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines(
    lines: Sequence[str], x: float, y: float, size: int, css: str, anchor: str = "middle"
) -> tuple[str, float]:
    """<text> elements, one per line, the first baseline at `y`; returns them and the next y."""
    out = []
    for line in lines:
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{_e(line)}</text>')
        y += LINE[size]
    return "".join(out), y


def _svg(width: int, height: float, label: str, body: list[str], variant: str, interactive: bool) -> str:
    # A diagram with links keeps the SVG's own role (a graphics document): role="img" would
    # hide its links from assistive technology, whose children are presentational.
    role = "" if interactive else ' role="img"'
    return (
        f'<svg class="pb-svg pb-svg-{variant}" viewBox="0 0 {width} {height:.0f}" width="{width}" '
        f'height="{height:.0f}"{role} aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(label)}</title>" + "".join(body) + "</svg>"
    )


def _pair(draw: Callable[[int], str], css: str = "") -> Markup:
    extra = f" {css}" if css else ""
    return Markup(f'<div class="pb-diagram{extra}">' + draw(WIDE) + draw(NARROW) + "</div>")


def _variant(width: int) -> str:
    return "wide" if width == WIDE else "narrow"


# Pipeline


def _stage_box(
    stage: Stage, owner: str, x: float, y: float, w: float, h: float, href: str, closed: bool
) -> str:
    inner = w - 16
    cx = x + w / 2
    title = wrap(stage.label, inner, TITLE, bold=True)
    css = f"pb-svg-stage pb-svg-{_e(stage.category)}" if closed else "pb-svg-stage"
    parts = [  # the link's accessible name is its text: label, probability and owner
        f'<a href="{_e(href)}" class="pb-svg-link"><g class="{css}">'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6"/>'
    ]
    text, ty = _lines(title, cx, y + 8 + TITLE, TITLE, "pb-svg-title")
    parts.append(text)
    if closed:
        if stage.probability is not None:  # no empty line for a probability the playbook does not state
            parts.append(
                f'<text x="{cx:.1f}" y="{ty:.1f}" class="pb-svg-note" text-anchor="middle">{_share(stage.probability)}</text>'
            )
    else:
        figure = _figure_height(stage)  # no line for a probability the playbook does not state
        if figure:
            parts.append(
                f'<text x="{cx:.1f}" y="{ty + 4:.1f}" class="pb-svg-figure" text-anchor="middle">{_share(stage.probability)}</text>'
            )
        text, _ = _lines(wrap(owner, inner, NOTE), cx, ty + 4 + figure, NOTE, "pb-svg-note")
        parts.append(text)
    parts.append("</g></a>")
    return "".join(parts)


def _box_height(stage: Stage, owner: str, w: float, closed: bool) -> float:
    inner = w - 16
    height = 8 + len(wrap(stage.label, inner, TITLE, bold=True)) * LINE[TITLE] + 8
    if closed:
        return height + (LINE[NOTE] if stage.probability is not None else 0.0)
    return height + 4 + _figure_height(stage) + len(wrap(owner, inner, NOTE)) * LINE[NOTE]


def _figure_height(stage: Stage) -> float:
    return 0.0 if stage.probability is None else LINE[FIGURE]


def _pipeline(stages: Sequence[Stage], roles: dict[str, Role], href: Callable[[str], str], width: int) -> str:
    open_stages = [s for s in stages if s.category == "open"]
    closed = [s for s in stages if s.category != "open"]
    cols = 4 if width == WIDE else 1
    gap = 28
    box_w = (width - 2 * PAD - (cols - 1) * gap) / cols

    def owner_of(stage: Stage) -> str:
        return role_title(roles, stage.owner)

    body: list[str] = []
    y: float = PAD
    rows = [open_stages[i : i + cols] for i in range(0, len(open_stages), cols)]
    for r, row in enumerate(rows):
        h = max(_box_height(s, owner_of(s), box_w, False) for s in row)
        for c, stage in enumerate(row):
            x = PAD + c * (box_w + gap)
            body.append(_stage_box(stage, owner_of(stage), x, y, box_w, h, href(stage.id), False))
            if c < len(row) - 1:  # to the next box in the row
                body.append(
                    f'<path class="pb-svg-arrow" d="M{x + box_w + 4:.1f} {y + h / 2:.1f} h{gap - 10} '
                    f'm-5 -5 l5 5 l-5 5"/>'
                )
        if r < len(rows) - 1:  # from the row's last box down to the first box of the next row
            last_x = PAD + (len(row) - 1) * (box_w + gap) + box_w / 2
            first_x = PAD + box_w / 2
            mid = y + h + gap / 2
            turn = f" H{first_x:.1f}" if cols > 1 else ""
            body.append(
                f'<path class="pb-svg-arrow" d="M{last_x:.1f} {y + h + 3:.1f} V{mid:.1f}{turn} '
                f'V{y + h + gap - 3:.1f} m-5 -5 l5 5 l5 -5"/>'
            )
        y += h + gap
    if closed:
        per_row = min(len(closed), 4 if width == WIDE else 1)
        w = (width - 2 * PAD - (per_row - 1) * gap) / per_row
        for i in range(0, len(closed), per_row):
            row = closed[i : i + per_row]
            h = max(_box_height(s, owner_of(s), w, True) for s in row)
            for c, stage in enumerate(row):
                x = PAD + c * (w + gap)
                body.append(_stage_box(stage, owner_of(stage), x, y, w, h, href(stage.id), True))
            y += h + 12
        y -= 12 - gap
    height = y - gap + PAD
    stated = any(s.probability is not None for s in stages)
    label = f"Pipeline stages in order, with {'win probability and ' if stated else ''}owner"
    return _svg(width, height, label, body, _variant(width), interactive=True)


def pipeline(stages: Sequence[Stage], roles: dict[str, Role], href: Callable[[str], str]) -> Markup:
    """The stages in order as linked boxes: probability and owner under each label. Four to a
    row on a wide column, one under the other on a phone; outcomes (won, lost…) last."""
    return _pair(lambda width: _pipeline(stages, roles, href, width))


# Ramp


def _ramp(plan: RampPlan, role_title: str, width: int) -> str:
    wide = width == WIDE
    label_w = 200 if wide else width - 2 * PAD
    bar_x = PAD + label_w + 16 if wide else PAD
    bar_w = width - PAD - bar_x
    bar_h = 26
    body: list[str] = []
    y: float = PAD
    for period in plan.periods:
        title = wrap(period.label, label_w, TITLE, bold=True)
        anchor, tx = ("start", PAD)
        text, ny = _lines(title, tx, y + TITLE, TITLE, "pb-svg-title", anchor)
        days = f"days {period.start_day}–{period.end_day}"
        text += f'<text x="{tx}" y="{ny:.1f}" class="pb-svg-note" text-anchor="start">{_e(days)}</text>'
        label_h = ny + LINE[NOTE] - LINE[TITLE] - y + 4
        if wide:
            bar_y = y + max(0.0, (label_h - bar_h) / 2)
            row_h = max(label_h, bar_h)
        else:
            bar_y = y + label_h + 2
            row_h = label_h + 2 + bar_h
        quota = period.quota_fraction
        fill = 0.0 if quota is None else max(quota * bar_w, 3)
        figure = "quota not stated" if quota is None else f"{quota:.0%} of quota"
        fits = text_width(figure, NOTE, bold=True) + 16 <= fill
        fx, fcss, fanchor = (
            (bar_x + fill - 8, "pb-svg-on-bar", "end")
            if fits
            else (bar_x + fill + 8, "pb-svg-figure-note", "start")
        )
        body.append(
            f'<g class="pb-svg-period">{text}'
            f'<rect x="{bar_x:.1f}" y="{bar_y:.1f}" width="{bar_w:.1f}" height="{bar_h}" rx="3" class="pb-svg-band"/>'
            f'<rect x="{bar_x:.1f}" y="{bar_y:.1f}" width="{fill:.1f}" height="{bar_h}" rx="3" class="pb-svg-quota"/>'
            f'<text x="{fx:.1f}" y="{bar_y + bar_h / 2 + NOTE * 0.36:.1f}" class="{fcss}" '
            f'text-anchor="{fanchor}">{_e(figure)}</text></g>'
        )
        y += row_h + 14
    label = f"Ramp plan for {role_title}: share of full quota carried in each period"
    return _svg(width, y - 14 + PAD, label, body, _variant(width), interactive=False)


def ramp(plan: RampPlan, role_title: str) -> Markup:
    """A ramp plan's periods in order, each with its days and a bar of the quota it carries."""
    return _pair(lambda width: _ramp(plan, role_title, width))


# Roadmap


def _ticks(start: int, end: int, first: datetime.date | None) -> list[tuple[int, str]]:
    """(day, label) of the date axis: month starts when the engagement has dates, else every 30 days."""
    if first is None:
        return [(d, f"day {d}") for d in (start, *range(30, end + 1, 30))]
    found = []
    for day in range(start, end + 1):
        date = first + datetime.timedelta(days=day - 1)
        if date.day == 1 or day == start:
            found.append((day, f"{date:%b} {date:%Y}" if date.month == 1 or day == start else f"{date:%b}"))
    return found


def _roadmap(
    phases: Sequence[Phase], today: int | None, first: datetime.date | None, width: int, links: bool
) -> str:
    start, end = phases[0].start_day, max(p.end_day for p in phases)
    left, right = PAD + 4, width - PAD - 4
    scale = (right - left) / (end - start + 1)

    def x_of(day: float) -> float:
        return left + (day - start) * scale

    body: list[str] = []
    y: float = PAD
    # Today, in a row of its own above the axis, so that its label covers nothing.
    today_x = None
    if today is not None and start <= today <= end:
        today_x = x_of(today - 0.5)
        note = f"today · day {today}"
        half = text_width(note, NOTE) / 2
        lx = min(max(today_x, left + half), right - half)
        body.append(
            f'<text x="{lx:.1f}" y="{y + NOTE:.1f}" class="pb-svg-today-label" text-anchor="middle">{_e(note)}</text>'
        )
        y += LINE[NOTE] + 2
    # The date axis: labels that would collide with the previous one are left out.
    axis_y = y + NOTE
    last_right = -1e9
    for day, text in _ticks(start, end, first):
        tx = x_of(day - 1 if day > start else start)
        w = text_width(text, NOTE)
        if tx - 2 < last_right or tx + w > right + 0.5:
            continue
        body.append(
            f'<text x="{tx:.1f}" y="{axis_y:.1f}" class="pb-svg-axis" text-anchor="start">{_e(text)}</text>'
            f'<line x1="{tx:.1f}" y1="{axis_y + 4:.1f}" x2="{tx:.1f}" y2="{axis_y + 9:.1f}" class="pb-svg-tick"/>'
        )
        last_right = tx + w + 8
    y = axis_y + 12
    rows: list[str] = []
    for phase in phases:
        x, w = x_of(phase.start_day), (phase.end_day - phase.start_day + 1) * scale
        name = f"{phase.name} · days {phase.start_day}–{phase.end_day}"
        text, ny = _lines(
            wrap(name, right - left, TITLE, bold=True), left, y + TITLE, TITLE, "pb-svg-title", "start"
        )
        rows.append(text)
        bar_y = ny - LINE[TITLE] + 6
        rows.append(
            f'<g class="pb-svg-phase pb-svg-phase-{_e(phase.kind)}">'
            f'<rect x="{x:.1f}" y="{bar_y:.1f}" width="{w:.1f}" height="10" rx="3"/></g>'
        )
        y = bar_y + 10 + 8
        for milestone in sorted(phase.milestones, key=lambda m: (m.due_day, m.id)):
            cx = x_of(milestone.due_day - 0.5)
            status = STATUS_LABELS.get(milestone.status, milestone.status)
            # The label goes on the side of the marker with more room, wrapped to fit it.
            room_right, room_left = right - (cx + 12), (cx - 12) - left
            side_right = room_right >= room_left
            room = room_right if side_right else room_left
            # The status in words too: the colour alone would not tell every reader.
            lines = wrap(f"{milestone.title} · day {milestone.due_day} · {status}", room, NOTE)
            tx, anchor = (cx + 12, "start") if side_right else (cx - 12, "end")
            text, ny = _lines(lines, tx, y + NOTE, NOTE, "pb-svg-milestone", anchor)
            cy = y + NOTE - 4.5
            marker = (
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="7" class="pb-svg-status-{_e(milestone.status)}"/>'
                f"{text}"
            )
            if links:
                marker = f'<a href="#milestone-{_e(milestone.id)}" class="pb-svg-link">{marker}</a>'
            rows.append(marker)
            y = ny - LINE[NOTE] + 4 + 8
        y += 6
    bottom = y
    if today_x is not None:  # behind the rows, whose text has a halo in the page's colour
        body.append(
            f'<line x1="{today_x:.1f}" y1="{PAD + LINE[NOTE] + 2:.1f}" x2="{today_x:.1f}" '
            f'y2="{bottom:.1f}" class="pb-svg-today"/>'
        )
    body.extend(rows)
    # The legend: one swatch per status, wrapped into as many lines as the width needs.
    y = bottom + 8
    x = left
    for key, text in STATUS_LABELS.items():
        w = 18 + text_width(text, NOTE) + 16
        if x + w > right and x > left:
            x, y = left, y + LINE[NOTE] + 4
        body.append(
            f'<circle cx="{x + 6:.1f}" cy="{y + NOTE - 4.5:.1f}" r="6" class="pb-svg-status-{key}"/>'
            f'<text x="{x + 18:.1f}" y="{y + NOTE:.1f}" class="pb-svg-legend" text-anchor="start">{_e(text)}</text>'
        )
        x += w
    height = y + LINE[NOTE] + PAD
    label = "Engagement roadmap: phases along the calendar, and milestones by status"
    return _svg(width, height, label, body, _variant(width), interactive=links)


def roadmap(
    phases: Sequence[Phase], today: int | None, first: datetime.date | None = None, links: bool = True
) -> Markup:
    """Phases along the engagement's days under a date axis, each followed by its milestones
    (a dot coloured by status, and its title), a "today" line, and a legend of the colours.
    `first` is the date of day 1, when the engagement has one; `links` makes each milestone a
    link to its section of the roadmap page."""
    return _pair(lambda width: _roadmap(phases, today, first, width, links))


def _share(probability: float | None) -> str:
    """A stage's probability as a percentage, or nothing when the playbook does not state one."""
    return "" if probability is None else f"{probability:.0%}"
