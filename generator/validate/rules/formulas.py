"""Rules on metric formulas: they parse, name only declared metrics and inputs, and form no cycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.core.formula import FormulaError, Node, names, parse
from generator.core.hints import nearest_hint
from generator.load.locations import DocPath
from generator.schema.metric_library import inputs
from generator.validate.rules.base import ERROR, Context, Finding, rule
from generator.validate.rules.graph import cycles
from generator.validate.rules.metrics import metrics


def _parsed(ctx: Context) -> Iterator[tuple[DocPath, dict[str, Any], Node | FormulaError]]:
    for path, metric in metrics(ctx):
        if "formula" in metric:
            try:
                yield path, metric, parse(metric["formula"])
            except FormulaError as exc:
                yield path, metric, exc


def _origin(ctx: Context, path: DocPath) -> str:
    """' (from the library)' when the formula was not written in the playbook."""
    return "" if "formula" in ctx.doc("metrics")["metrics"][path[1]] else " (from the library)"


@rule(
    "formula-syntax",
    ERROR,
    ("metrics",),
    "A formula is arithmetic over names and numbers: + - * /, parentheses, spaces around a minus.",
    "A formula nobody can compute is a definition nobody can check.",
)
def formula_syntax(ctx: Context) -> Iterator[Finding]:
    for path, metric, parsed in _parsed(ctx):
        if isinstance(parsed, FormulaError):
            message = (
                f"formula of `{metric['id']}`{_origin(ctx, path)}, column {parsed.column}: {parsed.message}"
            )
            yield Finding("metrics", (*path, "formula"), message)


def _split_hint(name: str, known: set[str]) -> str:
    """A hint for `a-b` meant as `a - b`."""
    parts = name.split("-")
    for cut in range(1, len(parts)):
        left, right = "-".join(parts[:cut]), "-".join(parts[cut:])
        if left in known and right in known:
            return f"; to subtract, write `{left} - {right}` with spaces"
    return ""


@rule(
    "formula-name",
    ERROR,
    ("metrics",),
    "Every name in a formula is a metric of the playbook or a declared input (the playbook's or the library's).",
    "A formula that names a number nobody collects cannot be computed on Monday morning.",
)
def formula_name(ctx: Context) -> Iterator[Finding]:
    known = {m["id"] for _, m in metrics(ctx)} | set(inputs(ctx.doc("metrics")))
    for path, metric, parsed in _parsed(ctx):
        if isinstance(parsed, FormulaError):
            continue
        for name in dict.fromkeys(names(parsed)):
            if name not in known:
                hint = _split_hint(name, known) or nearest_hint(name, known)
                message = f"formula of `{metric['id']}`{_origin(ctx, path)} uses `{name}`, which is neither a metric nor an input{hint}"
                yield Finding("metrics", (*path, "formula"), message)


@rule(
    "formula-cycle",
    ERROR,
    ("metrics",),
    "Metric formulas do not depend on themselves, directly or through other metrics.",
    "A metric defined in terms of itself has no value; someone will fill the gap with a number from a spreadsheet.",
)
def formula_cycle(ctx: Context) -> Iterator[Finding]:
    graph: dict[str, tuple[DocPath, list[str]]] = {}
    for path, metric, parsed in _parsed(ctx):
        if not isinstance(parsed, FormulaError):
            graph[metric["id"]] = (path, list(dict.fromkeys(names(parsed))))
    for node, cycle in cycles({k: deps for k, (_, deps) in graph.items()}):
        yield Finding("metrics", (*graph[node][0], "formula"), f"formulas form a cycle: {' → '.join(cycle)}")
