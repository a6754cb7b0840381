"""Rules on the operating cadence: schedules that can be put in a calendar, metrics reviewed where they say."""

from __future__ import annotations

from collections.abc import Iterator

from generator.schema.metric_library import effective_metrics
from generator.validate.rules.base import ERROR, Context, Finding, rule


@rule(
    "meeting-schedule",
    ERROR,
    ("cadence",),
    "A monthly or quarterly meeting names its week; a weekly or biweekly one does not.",
    "A monthly review without a fixed week drifts until it stops happening; the calendar invite is the cadence.",
)
def meeting_schedule(ctx: Context) -> Iterator[Finding]:
    for i, meeting in enumerate(ctx.doc("cadence")["meetings"]):
        periodic = meeting["frequency"] in ("monthly", "quarterly")
        if periodic and "week" not in meeting:
            message = f"{meeting['frequency']} meeting `{meeting['id']}` needs a `week` (1–4)"
            yield Finding("cadence", ("meetings", i, "frequency"), message)
        elif not periodic and "week" in meeting:
            message = (
                f"{meeting['frequency']} meeting `{meeting['id']}` runs every week it is due; remove `week`"
            )
            yield Finding("cadence", ("meetings", i, "week"), message)


@rule(
    "metric-meeting",
    ERROR,
    ("metrics", "cadence"),
    "A metric's `reviewed_in` meeting lists the metric in its `inspects`.",
    "If the metric says one meeting reviews it and the meeting's agenda does not, nobody reviews it.",
)
def metric_meeting(ctx: Context) -> Iterator[Finding]:
    meetings = {m["id"]: m for m in ctx.doc("cadence")["meetings"]}
    for i, metric in enumerate(effective_metrics(ctx.doc("metrics"))):
        meeting = meetings.get(metric.get("reviewed_in", ""))
        if meeting is not None and metric["id"] not in meeting.get("inspects", []):
            message = f"metric `{metric['id']}` is reviewed in `{meeting['id']}`, which does not list it in `inspects`"
            yield Finding("metrics", ("metrics", i, "reviewed_in"), message)
