"""Rules on the operating cadence: schedules that can be put in a calendar, metrics reviewed where they say."""

from __future__ import annotations

from collections.abc import Iterator

from generator.schema.metric_library import effective_metrics
from generator.validate.rules.base import ADVICE, ERROR, Context, Finding, rule


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


# The weeks between two runs of a meeting, for items that come up only every N weeks; a month
# is taken as four weeks and a quarter as thirteen, as the calendar page lays them out.
INTERVAL_WEEKS = {"weekly": 1, "biweekly": 2, "monthly": 4, "quarterly": 13}


@rule(
    "agenda-length",
    ADVICE,
    ("cadence",),
    "A meeting's agenda, every item counted, fits in the meeting's minutes.",
    "An agenda longer than its meeting drops its last items, and those are usually the decisions.",
)
def agenda_length(ctx: Context) -> Iterator[Finding]:
    for i, meeting in enumerate(ctx.doc("cadence")["meetings"]):
        agenda = meeting.get("agenda", [])
        total = sum(item.get("minutes", 0) for item in agenda)
        if "minutes" in meeting and total > meeting["minutes"]:
            message = f"the agenda of `{meeting['id']}` takes {total} minutes; the meeting lasts {meeting['minutes']}"
            yield Finding("cadence", ("meetings", i, "minutes"), message)


@rule(
    "agenda-recurrence",
    ERROR,
    ("cadence",),
    "An agenda item's `every_weeks` is a whole number of the meeting's own interval.",
    "An item due every 3 weeks in a fortnightly meeting falls between two meetings and is never taken.",
)
def agenda_recurrence(ctx: Context) -> Iterator[Finding]:
    for i, meeting in enumerate(ctx.doc("cadence")["meetings"]):
        interval = INTERVAL_WEEKS[meeting["frequency"]]
        for a, item in enumerate(meeting.get("agenda", [])):
            every = item.get("every_weeks")
            if every is not None and every % interval:
                message = (
                    f"agenda item {a + 1} of {meeting['frequency']} meeting `{meeting['id']}` recurs every "
                    f"{every} weeks; the meeting runs every {interval}, so use a multiple of {interval}"
                )
                yield Finding("cadence", ("meetings", i, "agenda", a, "every_weeks"), message)
