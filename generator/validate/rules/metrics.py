"""Rules on the metrics dictionary: complete definitions, sane units, ordered thresholds, coherent targets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.core.hints import nearest_hint
from generator.load.locations import DocPath
from generator.schema.metric_library import effective_metrics, load_library
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule

REQUIRED = ("name", "definition", "unit", "direction")
LEVELS = ("value", "green", "red")


def metrics(ctx: Context) -> list[tuple[DocPath, dict[str, Any]]]:
    """Every metric with its library fields filled in, and its path in the document."""
    return [(("metrics", i), m) for i, m in enumerate(effective_metrics(ctx.doc("metrics")))]


def kind(metric: dict[str, Any]) -> str:
    """What the metric is, by library ID when it uses one, else by its own ID."""
    return str(metric.get("library") or metric["id"])


def targets(path: DocPath, metric: dict[str, Any]) -> Iterator[tuple[DocPath, str | None, dict[str, Any]]]:
    """The company-wide target and each segment's: (path, segment or None, levels)."""
    if "target" in metric:
        yield (*path, "target"), None, metric["target"]
    for j, target in enumerate(metric.get("segment_targets", [])):
        yield (*path, "segment_targets", j), target["segment"], target


def _fmt(value: float) -> str:
    return f"{value:g}"


@rule(
    "metric-definition",
    ERROR,
    ("metrics",),
    "A metric that does not come from the library states its name, definition, unit and direction.",
    "A number without a written definition gets computed three ways by three people, and the meeting argues about arithmetic instead of the business.",
)
def metric_definition(ctx: Context) -> Iterator[Finding]:
    for path, metric in metrics(ctx):
        missing = [f"`{name}`" for name in REQUIRED if name not in metric]
        if missing and "library" not in metric:  # an unknown library ID is reported on its own
            listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
            message = f"metric `{metric['id']}` needs {listed}, or `library:` naming a library metric that supplies them"
            yield Finding("metrics", (*path, "id"), message)


@rule(
    "metric-library",
    ERROR,
    ("metrics",),
    "`library:` names a metric of the built-in library.",
    "A metric that claims a standard definition it does not have is worse than one with none.",
)
def metric_library(ctx: Context) -> Iterator[Finding]:
    known = load_library().metrics
    for i, metric in enumerate(ctx.doc("metrics")["metrics"]):
        name = metric.get("library")
        if name and name not in known:
            hint = nearest_hint(name, known)
            yield Finding("metrics", ("metrics", i, "library"), f"unknown library metric `{name}`{hint}")


@rule(
    "metric-population",
    ADVICE,
    ("metrics",),
    "A ratio states its population (what is counted) and its window.",
    "A win rate over all opportunities and one over qualified opportunities differ by a factor of two; without the population nobody can compare quarters.",
)
def metric_population(ctx: Context) -> Iterator[Finding]:
    for path, metric in metrics(ctx):
        if metric.get("unit") == "ratio":
            for name in ("population", "window"):
                if name not in metric:
                    yield Finding("metrics", (*path, "id"), f"ratio `{metric['id']}` needs a `{name}`")


@rule(
    "metric-ratio-range",
    ERROR,
    ("metrics",),
    "Targets and thresholds of a ratio lie between 0 and 1.",
    "A win rate written 33 instead of 0.33 turns every report that reads it into nonsense.",
)
def metric_ratio_range(ctx: Context) -> Iterator[Finding]:
    for path, metric in metrics(ctx):
        if metric.get("unit") != "ratio":
            continue
        for where, _, levels in targets(path, metric):
            for name in LEVELS:
                value = levels.get(name)
                if value is not None and not 0 <= value <= 1:
                    hint = f" (did you mean {value / 100:g}?)" if 1 < value <= 100 else ""
                    message = (
                        f"`{name}` of ratio `{metric['id']}` must be from 0 to 1, not {_fmt(value)}{hint}"
                    )
                    yield Finding("metrics", (*where, name), message)


def _order_problem(levels: dict[str, Any], higher: bool) -> tuple[str, str] | None:
    """The first threshold out of order, as (field, message), or None."""
    value, green, red = levels["value"], levels.get("green"), levels.get("red")
    better: Callable[[Any, Any], bool] = (lambda a, b: a > b) if higher else (lambda a, b: a < b)
    word = "above" if higher else "below"
    if green is not None and better(green, value):
        return (
            "green",
            f"green threshold {_fmt(green)} is {word} the target {_fmt(value)}; a metric on target would not be green",
        )
    upper = green if green is not None else value
    if red is not None and not better(upper, red):
        what = "green threshold" if green is not None else "target"
        side = "below" if higher else "above"
        return (
            "red",
            f"red threshold {_fmt(red)} must be {side} the {what} {_fmt(upper)} when {'higher' if higher else 'lower'} is better",
        )
    return None


@rule(
    "threshold-order",
    ERROR,
    ("metrics",),
    "Red, green and the target are ordered the way the metric's direction says: for higher-is-better, red < green ≤ target.",
    "Thresholds in the wrong order paint a missed number green; the dashboard then hides exactly what it exists to show.",
)
def threshold_order(ctx: Context) -> Iterator[Finding]:
    for path, metric in metrics(ctx):
        if metric.get("direction") not in ("higher", "lower"):
            continue
        for where, _, levels in targets(path, metric):
            problem = _order_problem(levels, metric["direction"] == "higher")
            if problem:
                yield Finding("metrics", (*where, problem[0]), f"`{metric['id']}`: {problem[1]}")


def _as_percent(value: float, unit: str | None) -> float:
    return value * 100 if unit == "ratio" else value


@rule(
    "retention-order",
    ERROR,
    ("metrics",),
    "Gross revenue retention is at most 100% and never above net revenue retention.",
    "Net retention is gross retention plus expansion; a plan where gross beats net has a formula or a target wrong.",
)
def retention_order(ctx: Context) -> Iterator[Finding]:
    found = {kind(m): (p, m) for p, m in metrics(ctx)}
    if "gross-revenue-retention" not in found:
        return
    g_path, gross = found["gross-revenue-retention"]
    net_levels: dict[str | None, float] = {}
    if "net-revenue-retention" in found:
        n_path, net = found["net-revenue-retention"]
        net_levels = {seg: _as_percent(lv["value"], net.get("unit")) for _, seg, lv in targets(n_path, net)}
    for where, segment, levels in targets(g_path, gross):
        value = _as_percent(levels["value"], gross.get("unit"))
        net_value = net_levels.get(segment, net_levels.get(None))
        if value > 100:
            yield Finding(
                "metrics",
                (*where, "value"),
                f"gross revenue retention cannot exceed 100%, not {_fmt(value)}%",
            )
        elif net_value is not None and value > net_value:
            message = f"gross revenue retention target {_fmt(value)}% is above net revenue retention target {_fmt(net_value)}%"
            yield Finding("metrics", (*where, "value"), message)


def _win_rates(ctx: Context, win: dict[str, Any] | None, covered: set[str | None]) -> dict[str | None, float]:
    """Win-rate targets by segment (None: company-wide). Primary segments, and segments with their
    own coverage target, fall back to the win rate the ICP measured."""
    rates: dict[str | None, float] = {}
    if ctx.has("icp"):
        for segment in ctx.doc("icp").get("segments", []):
            measured = segment.get("evidence", {}).get("win_rate")
            if measured and (segment["tier"] == "primary" or segment["id"] in covered):
                rates[segment["id"]] = measured
    if win is not None:
        for _, segment, levels in targets(("metrics",), win):
            rates[segment] = levels["value"]
    return rates


@rule(
    "coverage-below-win-rate",
    ADVICE,
    ("metrics",),
    "A pipeline coverage target below 1 ÷ the win-rate target (or the segment's measured win rate).",
    "At a 25% win rate it takes 4x pipeline to make the number; a 3x target guarantees a miss and teaches the team the forecast is fiction.",
)
def coverage_below_win_rate(ctx: Context) -> Iterator[Finding]:
    found = {kind(m): (p, m) for p, m in metrics(ctx)}
    if "pipeline-coverage" not in found:
        return
    c_path, coverage = found["pipeline-coverage"]
    levels = {segment: (where, lv) for where, segment, lv in targets(c_path, coverage)}
    rates = _win_rates(ctx, found["win-rate"][1] if "win-rate" in found else None, set(levels))
    for segment, rate in rates.items():
        where, target = levels.get(segment) or levels.get(None) or (None, None)
        if target is None or where is None or rate <= 0 or target["value"] >= 1 / rate:
            continue
        scope = f"segment `{segment}`" if segment else "the company"
        message = (
            f"coverage target {_fmt(target['value'])}x is below 1 ÷ the win rate of {scope} "
            f"({_fmt(rate)} needs at least {1 / rate:.1f}x)"
        )
        yield Finding("metrics", (*where, "value"), message)
