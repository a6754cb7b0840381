"""The actuals page: what the client's CRM measured, judged against the playbook's targets.

Reads the snapshots the model carries (oldest first; the newest is "now"). A figure computed over
fewer than the snapshot's `min_deals` deals has no value and reads "too few deals (N)", never as a
rate. Everything from a snapshot reaches the page escaped: owner names are the export's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.load.snapshot import Figure, FunnelActual, Snapshot, StageActual
from generator.model.operating import Level, Metric
from generator.model.playbook import Pipeline, Playbook, Segment, SegmentEvidence, Stage
from generator.render import svg
from generator.render.operating import show

# The diagram helpers every drawing of the site shares: escaping, wrapped lines, wide and narrow pairs.
from generator.render.svg import _lines, _pair, _svg, _variant
from generator.render.text import plain

STATUS_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}


def judge(metric: Metric, level: Level, value: float | None) -> str:
    """green, amber or red for a measured value against a target's thresholds, as the metrics page reads them."""
    if value is None:
        return ""
    green = level.green if level.green is not None else level.value
    higher = metric.direction == "higher"
    if (value >= green) if higher else (value <= green):
        return "green"
    if level.red is not None and ((value < level.red) if higher else (value > level.red)):
        return "red"
    return "amber"


def too_few(figure: Figure) -> str:
    return f"too few deals ({figure.deals})"


@dataclass(frozen=True)
class Row:
    """One line of the metrics table: a metric overall or for one segment, pipeline or owner."""

    label: str
    segment: str  # the segment ID it is for, to link it; "" otherwise
    figure: Figure
    shown: str  # the value as people read it, or "too few deals (N)"
    target: Level | None
    status: str
    trend: Markup


@dataclass(frozen=True)
class MetricActuals:
    metric: Metric
    window_days: int | None
    rows: tuple[Row, ...]
    owners: tuple[Row, ...]


def _value(metric: Metric, figure: Figure, currency: str) -> str:
    return too_few(figure) if figure.value is None else show(figure.value, metric.unit, currency)


def _history(
    snapshots: tuple[Snapshot, ...], metric_id: str, part: str, key: str
) -> list[tuple[str, float | None]]:
    """(date, value) of one figure across the snapshots that have it, oldest first."""
    out: list[tuple[str, float | None]] = []
    for snap in snapshots:
        measured = snap.metric(metric_id)
        if measured is None:
            continue
        figures = (measured.overall,) if part == "overall" else getattr(measured, part)
        found = next((f for f in figures if part == "overall" or f.id == key), None)
        if found is not None:
            out.append((f"{snap.as_of.day} {snap.as_of:%b %Y}", found.value))
    return out


def _row(
    playbook: Playbook,
    metric: Metric,
    label: str,
    segment: str,
    figure: Figure,
    part: str,
    target: Level | None,
) -> Row:
    history = _history(playbook.actuals, metric.id, part, figure.id)
    currency = playbook.actuals[-1].currency  # amounts are in the snapshot's reporting currency
    points = [(d, v, show(v, metric.unit, currency)) for d, v in history]
    trend = sparkline(f"{metric.name}, {label}", points)
    status = judge(metric, target, figure.value) if target else ""
    shown = _value(metric, figure, currency)
    return Row(label, segment, figure, shown, target, status, trend)


def metrics(playbook: Playbook) -> tuple[MetricActuals, ...]:
    """Each metric of the playbook the latest snapshot measured, in the playbook's order."""
    latest = playbook.actuals[-1]
    names = {s.id: s.name for s in playbook.segments}
    pipelines = {p.id: p.label for p in playbook.pipelines}
    found: list[MetricActuals] = []
    for metric in playbook.operating.metrics:
        measured = latest.metric(metric.id)
        if measured is None:
            continue
        targets = {t.segment: t for t in metric.targets}
        rows = [_row(playbook, metric, "the company", "", measured.overall, "overall", targets.get(""))]
        rows += [
            _row(
                playbook,
                metric,
                names.get(f.id, f.id),
                f.id if f.id in names else "",
                f,
                "segments",
                targets.get(f.id),
            )
            for f in measured.segments
        ]
        rows += [
            _row(playbook, metric, pipelines.get(f.id, f.id), "", f, "pipelines", None)
            for f in measured.pipelines
        ]
        owners = tuple(_row(playbook, metric, f.id, "", f, "owners", None) for f in measured.owners)
        found.append(MetricActuals(metric, measured.window_days, tuple(rows), owners))
    return tuple(found)


# Sparkline: inline in a table cell, where Markdown still reads the text, so it is escaped for both.

SPARK_W, SPARK_H, SPARK_PAD = 120, 32, 4


def sparkline(title: str, points: list[tuple[str, float | None, str]]) -> Markup:
    """A small line of one figure across snapshots; its text alternative lists every figure.

    `points` are (date, value, value as shown); a snapshot with too few deals leaves a gap.
    """
    said = ", ".join(
        f"{shown if value is not None else 'too few deals'} on {date}" for date, value, shown in points
    )
    label = f"{title}: {said}" if said else f"{title}: no figures"
    values = [v for _, v, _ in points if v is not None]
    body: list[str] = []
    if values:
        low, high = min(values), max(values)
        span = high - low or 1.0
        step = (SPARK_W - 2 * SPARK_PAD) / max(len(points) - 1, 1)
        run: list[str] = []
        runs: list[list[str]] = []
        for i, (_, value, _) in enumerate(points):
            if value is None:
                if run:
                    runs.append(run)
                run = []
                continue
            x = SPARK_PAD + i * step if len(points) > 1 else SPARK_W / 2
            y = SPARK_H - SPARK_PAD - (value - low) / span * (SPARK_H - 2 * SPARK_PAD)
            if high == low:
                y = SPARK_H / 2
            run.append(f"{x:.1f},{y:.1f}")
        if run:
            runs.append(run)
        for part in runs:
            if len(part) > 1:
                body.append(f'<polyline class="pb-spark-line" points="{" ".join(part)}"/>')
        last = runs[-1][-1].split(",") if runs else None
        if last:
            body.append(f'<circle class="pb-spark-dot" cx="{last[0]}" cy="{last[1]}" r="3"/>')
    return Markup(
        f'<svg class="pb-spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" '
        f'role="img" aria-label="{plain(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{plain(label)}</title>" + "".join(body) + "</svg>"
    )


# Funnel


@dataclass(frozen=True)
class FunnelStage:
    stage: Stage | None
    label: str
    measured: StageActual
    expected: int | None
    warning_days: int | None
    stale_days: int | None
    slow: bool  # median at least twice the expected days


@dataclass(frozen=True)
class Funnel:
    pipeline: Pipeline | None
    stages: tuple[FunnelStage, ...]
    diagram: Markup


def _funnel_stage(playbook: Playbook, measured: StageActual) -> FunnelStage:
    stage = next((s for s in playbook.stages if s.id == measured.stage), None)
    expected = stage.expected_days if stage else None
    own = next((a for a in stage.ageing if not a.segment), None) if stage else None
    slow = bool(expected and measured.median_days is not None and measured.median_days >= 2 * expected)
    return FunnelStage(
        stage,
        stage.label if stage else measured.stage,
        measured,
        expected,
        own.warning_days if own else None,
        own.stale_days if own else None,
        slow,
    )


def funnels(playbook: Playbook) -> tuple[Funnel, ...]:
    latest = playbook.actuals[-1]
    out: list[Funnel] = []
    for funnel in latest.funnel:
        pipeline = next((p for p in playbook.pipelines if p.id and p.id == funnel.pipeline), None)
        stages = tuple(_funnel_stage(playbook, s) for s in funnel.stages)
        title = f"Funnel of {pipeline.label}" if pipeline else "Funnel"
        out.append(Funnel(pipeline, stages, funnel_svg(title, funnel, stages, latest.min_deals)))
    return tuple(out)


def conversion(measured: StageActual) -> str:
    if measured.conversion is None:
        return f"too few deals ({measured.entered})"
    return f"{measured.conversion * 100:.0f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _stage_note(s: FunnelStage) -> str:
    median = (
        "median days: too few deals"
        if s.measured.median_days is None
        else f"median {days(s.measured.median_days)} days"
    )
    expected = f" (expected {s.expected})" if s.expected else ""
    slow = " · twice expected or more" if s.slow else ""  # said in words, not by the bar's colour alone
    return f"{s.measured.entered} entered · {conversion(s.measured)} advance · {median}{expected}{slow}"


def _funnel(title: str, stages: tuple[FunnelStage, ...], width: int) -> str:
    inner = width - 2 * svg.PAD
    widest = max((s.measured.entered for s in stages), default=0) or 1
    y = float(svg.PAD)
    body: list[str] = []
    for s in stages:
        text, y = _lines(
            svg.wrap(s.label, inner, svg.TITLE, bold=True),
            svg.PAD,
            y + svg.TITLE,
            svg.TITLE,
            "pb-svg-title",
            "start",
        )
        body.append(text)
        bar = max(inner * s.measured.entered / widest, 2.0)
        css = "pb-funnel-bar pb-funnel-slow" if s.slow else "pb-funnel-bar"
        body.append(
            f'<rect class="{css}" x="{svg.PAD}" y="{y - 10:.1f}" width="{bar:.1f}" height="14" rx="3"/>'
        )
        y += 12
        note, y = _lines(
            svg.wrap(_stage_note(s), inner, svg.NOTE), svg.PAD, y + svg.NOTE, svg.NOTE, "pb-svg-note", "start"
        )
        body.append(note)
        y += 6
    return _svg(width, y, title, body, _variant(width), False)


def funnel_svg(title: str, funnel: FunnelActual, stages: tuple[FunnelStage, ...], min_deals: int) -> Markup:
    """Each stage of one pipeline as a bar of the deals that entered it, with conversion and median days."""
    said = "; ".join(f"{s.label}: {_stage_note(s)}" for s in stages)
    label = f"{title}: {said}" if said else title
    return _pair(lambda width: _funnel(label, stages, width), "pb-funnel")


# ICP evidence


@dataclass(frozen=True)
class MeasuredSegment:
    segment: Segment | None
    id: str
    written: SegmentEvidence | None  # what the ICP says of it, when it says anything
    closed_deals: int
    win_rate: str
    cycle: str
    deal_size: str


def segments(playbook: Playbook) -> tuple[MeasuredSegment, ...]:
    """Each segment the latest snapshot measured, in the ICP's order, then any it does not have (unassigned)."""
    latest = playbook.actuals[-1]
    order = {s.id: i for i, s in enumerate(playbook.segments)}
    out: list[MeasuredSegment] = []
    for measured in sorted(latest.segments, key=lambda m: (order.get(m.id, len(order)), m.id)):
        segment = next((s for s in playbook.segments if s.id == measured.id), None)
        deals, money = measured.closed_deals, latest.currency
        out.append(
            MeasuredSegment(
                segment,
                measured.id,
                segment.evidence if segment else None,
                deals,
                _or_few(measured.win_rate, "ratio", deals, money),
                _or_few(measured.median_cycle_days, "days", deals, money),
                _or_few(measured.average_deal_size, "currency", deals, money),
            )
        )
    return tuple(out)


def _or_few(value: float | None, unit: str, deals: int, currency: str) -> str:
    return f"too few deals ({deals})" if value is None else show(value, unit, currency)


def context(playbook: Playbook) -> dict[str, object]:
    """What the actuals page reads."""
    return {
        "actuals_metrics": metrics(playbook),
        "actuals_funnels": funnels(playbook),
        "actuals_segments": segments(playbook),
        "status_words": STATUS_WORDS,
        "conversion": conversion,
        "days": days,
    }
