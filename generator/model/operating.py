"""The typed operating system a fractional CRO leaves behind: metrics, cadence, roles, audit, transfer.

Built by generator.model.operating_build from the optional documents of a validated playbook; a
document the playbook does not have leaves its part empty, so pages show only what exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.documents import DOCUMENTS as ALL_DOCUMENTS
from generator.core.formula import FormulaError, names, parse

DOCUMENTS = tuple(doc.name for doc in ALL_DOCUMENTS if not doc.required)
"""The optional documents of the operating system, in the registry's order."""
SEVERITIES = ("critical", "high", "medium", "low")
LAYERS = ("pipeline", "process", "talent", "tech-and-data")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# Occurrences in a month, for the meeting-load table: a quarterly meeting is a third of one.
PER_MONTH = {"weekly": 4.0, "biweekly": 2.0, "monthly": 1.0, "quarterly": 1 / 3}


@dataclass(frozen=True)
class Level:
    """A target with its thresholds; `segment` is empty for the company-wide one."""

    value: float
    green: float | None
    red: float | None
    segment: str = ""


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    definition: str
    unit: str
    direction: str
    formula: str
    population: str
    window: str
    cadence: str
    owner: str
    reviewed_in: str
    library: str
    targets: tuple[Level, ...]
    defaults: frozenset[str] = frozenset()  # fields the library filled in, which the playbook does not state

    def is_default(self, name: str) -> bool:
        """Whether a field's value is the metric library's default rather than the playbook's own."""
        return name in self.defaults

    @property
    def company_target(self) -> Level | None:
        return next((t for t in self.targets if not t.segment), None)

    @property
    def formula_names(self) -> tuple[str, ...]:
        try:
            return tuple(dict.fromkeys(names(parse(self.formula)))) if self.formula else ()
        except FormulaError:
            return ()


@dataclass(frozen=True)
class Input:
    id: str
    name: str
    definition: str
    unit: str
    source: str
    from_library: bool


@dataclass(frozen=True)
class AgendaItem:
    item: str
    minutes: int | None
    every_weeks: int | None  # None: every time the meeting runs


@dataclass(frozen=True)
class Meeting:
    id: str
    name: str
    purpose: str
    frequency: str
    day: str
    week: int | None
    time: str
    minutes: int | None
    owner: str
    attendees: tuple[str, ...]
    inspects: tuple[str, ...]
    preparation: str
    agenda: tuple[AgendaItem, ...]
    decisions: tuple[str, ...]

    @property
    def weeks(self) -> tuple[int, ...]:
        """The weeks of the month (1–4) the meeting runs in."""
        if self.frequency == "weekly":
            return (1, 2, 3, 4)
        if self.frequency == "biweekly":
            return (1, 3)
        return (self.week,) if self.week else ()

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.owner, *self.attendees)))


@dataclass(frozen=True)
class Quota:
    measure: str
    amount: float
    period: str


@dataclass(frozen=True)
class Compensation:
    base: float
    variable: float
    on_target_earnings: float | None
    paid_on: str


@dataclass(frozen=True)
class Capacity:
    value: float
    measure: str


@dataclass(frozen=True)
class RoleDetail:
    role: str
    mission: str
    sells_to: tuple[str, ...]
    quota: Quota | None
    compensation: Compensation | None
    capacity: Capacity | None


@dataclass(frozen=True)
class Rejection:
    returns_to: str
    action: str


@dataclass(frozen=True)
class RoleHandoff:
    id: str
    name: str
    from_role: str
    to_role: str
    trigger: str
    sla_hours: int | None
    artefacts: tuple[str, ...]
    acceptance: tuple[str, ...]
    rejection: Rejection | None


@dataclass(frozen=True)
class Decision:
    id: str
    decision: str
    meeting: str
    responsible: tuple[str, ...]
    accountable: str
    consulted: tuple[str, ...]
    informed: tuple[str, ...]

    def letters(self, role: str) -> str:
        """The RACI letters of a role for this decision: `A`, `R`, `A R`, or empty."""
        marks = [
            ("A", role == self.accountable),
            ("R", role in self.responsible),
            ("C", role in self.consulted),
            ("I", role in self.informed),
        ]
        return " ".join(letter for letter, on in marks if on)

    @property
    def roles(self) -> tuple[str, ...]:
        return (self.accountable, *self.responsible, *self.consulted, *self.informed)


@dataclass(frozen=True)
class Evidence:
    """The data behind an audit finding."""

    source: str
    sample: str
    period: str


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    layer: str
    severity: str
    symptom: str
    evidence: Evidence
    root_cause: str
    impact: str
    moves: str
    fixed_by: str


@dataclass(frozen=True)
class Audit:
    summary: str
    period: str
    sources: tuple[str, ...]
    findings: tuple[Finding, ...]

    def layer(self, name: str) -> tuple[Finding, ...]:
        """The layer's findings, most severe first."""
        found = [f for f in self.findings if f.layer == name]
        return tuple(sorted(found, key=lambda f: SEVERITIES.index(f.severity)))

    def count(self, layer: str, severity: str) -> int:
        return sum(1 for f in self.findings if f.layer == layer and f.severity == severity)


@dataclass(frozen=True)
class Shadowing:
    """A stretch of the engagement in which a successor learns one activity from the CRO."""

    id: str
    activity: str
    mode: str
    start_day: int
    end_day: int


@dataclass(frozen=True)
class Checkpoint:
    """A review after the engagement has ended."""

    id: str
    days_after_exit: int
    with_roles: tuple[str, ...]
    review: str


@dataclass(frozen=True)
class Successor:
    role: str
    meetings: tuple[str, ...]
    deliverables: tuple[str, ...]
    decisions: tuple[str, ...]
    metrics: tuple[str, ...]
    shadowing: tuple[Shadowing, ...]


@dataclass(frozen=True)
class SixtyDayItem:
    kind: str  # meeting or deliverable
    ref: str
    runs_it: str
    evidence: str
    status: str


@dataclass(frozen=True)
class Transfer:
    summary: str
    successors: tuple[Successor, ...]
    checkpoints: tuple[Checkpoint, ...]
    sixty_day: tuple[SixtyDayItem, ...]


@dataclass(frozen=True)
class OperatingSystem:
    """The optional documents of a playbook, typed; `documents` names those the playbook has."""

    documents: frozenset[str] = frozenset()
    metrics: tuple[Metric, ...] = ()
    inputs: tuple[Input, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    role_details: tuple[RoleDetail, ...] = ()
    handoffs: tuple[RoleHandoff, ...] = ()
    decisions: tuple[Decision, ...] = ()
    audit: Audit | None = None
    transfer: Transfer | None = None
    raci_roles: tuple[str, ...] = ()

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def calendar(self, week: int | None, day: str) -> tuple[Meeting, ...]:
        """Meetings on a weekday: every week's (week None), or those of one week of the month."""
        found = [
            m
            for m in self.meetings
            if m.day == day
            and (m.frequency == "weekly" if week is None else week in m.weeks and m.frequency != "weekly")
        ]
        return tuple(sorted(found, key=lambda m: (m.time or "99", m.name)))

    def monthly_hours(self, role: str) -> float:
        """Hours a month a role spends in the cadence's meetings whose length the playbook states."""
        return sum(
            PER_MONTH[m.frequency] * m.minutes / 60
            for m in self.meetings
            if role in m.people and m.minutes is not None
        )

    @property
    def untimed(self) -> tuple[Meeting, ...]:
        """Meetings with no length: left out of the meeting load rather than guessed."""
        return tuple(m for m in self.meetings if m.minutes is None)
