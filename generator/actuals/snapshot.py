"""Write the snapshot, actuals/<as-of>.yaml, exactly as ACTUALS_SNAPSHOT.md lays it out.

Emitted by hand rather than by a YAML library, so the bytes never depend on a library's version:
keys in the contract's order, small figure mappings in flow style, strings quoted unless they
are plain IDs, and the file replaced atomically so a reader never sees half of it.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
"""Words YAML reads as a string as they are: a letter first, no `: `, `#` or quotes."""
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "none"}


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        # PyYAML reads `1e-05` as a string: write every float with a point and no exponent.
        return (
            text
            if "e" not in text
            else f"{value:.6f}".rstrip("0").rstrip(".") + (".0" if value == int(value) else "")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    # A JSON string is a YAML double-quoted scalar; ensure_ascii keeps the file plain ASCII.
    return json.dumps(text, ensure_ascii=True)


def flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in mapping.items()) + "}"


def render(snapshot: dict[str, Any]) -> str:
    """The snapshot's YAML text."""
    out = [f"{key}: {scalar(snapshot[key])}" for key in ("as_of", "client", "min_deals", "currency")]
    if "cycle_from" in snapshot:
        out.append(f"cycle_from: {scalar(snapshot['cycle_from'])}")
    out.append("sources:")
    for source in snapshot["sources"]:
        out.append(f"  - name: {scalar(source['name'])}")
        for key in ("file", "rows", "sha256"):
            out.append(f"    {key}: {scalar(source[key])}")
    out.append("metrics:" + (" []" if not snapshot["metrics"] else ""))
    for metric in snapshot["metrics"]:
        out.append(f"  - id: {scalar(metric['id'])}")
        out.append(f"    window_days: {scalar(metric['window_days'])}")
        out.append(f"    overall: {flow(metric['overall'])}")
        for key in ("segments", "pipelines", "owners"):
            if key in metric:
                out.append(f"    {key}:")
                out.extend(f"      - {flow(item)}" for item in metric[key])
    out.append("funnel:" + (" []" if not snapshot["funnel"] else ""))
    for pipeline in snapshot["funnel"]:
        out.append(f"  - pipeline: {scalar(pipeline['pipeline'])}")
        out.append("    stages:" + (" []" if not pipeline["stages"] else ""))
        for stage in pipeline["stages"]:
            items = list(stage.items())
            out.append(f"      - {items[0][0]}: {scalar(items[0][1])}")
            out.extend(f"        {k}: {scalar(v)}" for k, v in items[1:])
    out.append("segments:" + (" []" if not snapshot["segments"] else ""))
    for segment in snapshot["segments"]:
        items = list(segment.items())
        out.append(f"  - {items[0][0]}: {scalar(items[0][1])}")
        out.extend(f"    {k}: {scalar(v)}" for k, v in items[1:])
    out.append("forecast:" + (" []" if not snapshot["forecast"] else ""))
    out.extend(f"  - {flow(item)}" for item in snapshot["forecast"])
    return "\n".join(out) + "\n"
