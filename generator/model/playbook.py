"""The typed playbook: one object built from a validated, resolved playbook for rendering."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic
from generator.load.snapshot import Snapshot, read_snapshots
from generator.model.operating import OperatingSystem
from generator.model.operating_build import as_tuple as _t
from generator.model.operating_build import build_operating
from generator.resolve.merge import ResolvedPlaybook


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    kind: str
    person: str = ""
    reports_to: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    statement: str
    evidence: str
    verified_by: str


@dataclass(frozen=True)
class Handoff:
    id: str
    from_role: str
    to_role: str
    trigger: str
    sla_hours: int | None
    artefacts: tuple[str, ...]


@dataclass(frozen=True)
class CrmField:
    label: str
    api_name: str  # "" where the playbook does not give it


@dataclass(frozen=True)
class AgeingLimit:
    segment: str  # "" for the stage's own limits
    warning_days: int | None
    stale_days: int | None


@dataclass(frozen=True)
class Moves:
    from_stages: tuple[str, ...]  # empty: any earlier stage
    back: bool
    returns_to: str


@dataclass(frozen=True)
class Sla:
    hours: int | None
    days: int | None
    trigger: str


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    category: str
    purpose: str
    owner: str
    probability: float | None  # None: the playbook does not say
    expected_days: int | None
    entry_criteria: tuple[Criterion, ...]
    exit_criteria: tuple[Criterion, ...]
    activities: tuple[str, ...]
    framework_elements: tuple[str, ...]
    handoffs: tuple[Handoff, ...]
    status: str = "active"
    code: str = ""
    forecast_category: str = ""
    ageing: tuple[AgeingLimit, ...] = ()  # the stage's own limits first, then each segment's
    moves: Moves | None = None
    required_enter: tuple[CrmField, ...] = ()
    required_exit: tuple[CrmField, ...] = ()
    sla: Sla | None = None


@dataclass(frozen=True)
class Pipeline:
    id: str
    label: str
    kind: str
    description: str
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Element:
    id: str
    name: str
    definition: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Framework:
    name: str
    summary: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    tier: str
    summary: str
    firmographics: dict[str, Any]
    team_structure: tuple[str, ...]
    tech_stack: dict[str, Any]
    triggers: tuple[dict[str, str], ...]
    buying_committee: tuple[dict[str, Any], ...]
    pains: tuple[str, ...]
    disqualifiers: tuple[str, ...]
    evidence: dict[str, Any]


@dataclass(frozen=True)
class Certification:
    id: str
    name: str
    rubric: tuple[str, ...]
    assessor: str | None
    pass_mark: float | None


@dataclass(frozen=True)
class Period:
    id: str
    label: str
    start_day: int
    end_day: int
    quota_fraction: float | None
    objectives: tuple[str, ...]
    activities: tuple[str, ...]
    certifications: tuple[Certification, ...]
    stages: tuple[str, ...]
    targets: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class RampPlan:
    role: str
    summary: str
    full_productivity_month: int
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class Deliverable:
    id: str
    name: str
    kind: str
    description: str
    owner_after: str
    milestone: str


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    due_day: int
    owner: str
    status: str
    acceptance: tuple[str, ...]
    depends_on: tuple[str, ...]
    deliverables: tuple[Deliverable, ...]
    phase: str


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    kind: str
    start_day: int
    end_day: int
    goal: str
    milestones: tuple[Milestone, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    question: str
    owner: str
    cadence: str


@dataclass(frozen=True)
class FailureMode:
    id: str
    name: str
    category: str
    severity: str
    appears_when: str
    signals: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    remedy: str
    threatens: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Engagement:
    cro: str
    sponsor: str
    start: datetime.date
    end: datetime.date
    arr_band: str
    days_per_week: float

    def day(self, date: datetime.date) -> int:
        """The engagement day of a date: the start is day 1."""
        return (date - self.start).days + 1

    def date_of(self, day: int) -> datetime.date:
        return self.start + datetime.timedelta(days=day - 1)


@dataclass(frozen=True)
class Playbook:
    """Everything the site shows, typed; built only from a playbook that validated."""

    slug: str
    name: str
    description: str
    is_template: bool
    version: str
    changelog: tuple[dict[str, Any], ...]
    currency: str
    brand: str
    extends: str
    engagement: Engagement | None
    roles: dict[str, Role]
    segments: tuple[Segment, ...]
    scoring: dict[str, Any] | None
    framework: Framework
    stages: tuple[Stage, ...]  # every pipeline's, in order
    closed_lost_reasons: tuple[dict[str, Any], ...]
    ramp: tuple[RampPlan, ...]
    phases: tuple[Phase, ...]
    success_criteria: dict[str, tuple[dict[str, Any], ...]]
    exit_plan: dict[str, Any]
    failure_modes: tuple[FailureMode, ...]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    operating: OperatingSystem = field(default_factory=OperatingSystem)
    source: Path | None = None  # the playbook's folder, for the health page's diagnostics
    diagnostics: tuple[Diagnostic, ...] = ()  # the warnings validation found, for the health page
    pipelines: tuple[Pipeline, ...] = ()  # one, unnamed, for a playbook that writes `stages:`
    actuals: tuple[Snapshot, ...] = ()  # the measured snapshots of actuals/, oldest first

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        return tuple(m for phase in self.phases for m in phase.milestones)

    @property
    def deliverables(self) -> tuple[Deliverable, ...]:
        return tuple(d for m in self.milestones for d in m.deliverables)

    def role_title(self, role_id: str) -> str:
        """What a role is called: its title, else its ID (a reference the validation already reported)."""
        return role_title(self.roles, role_id)

    def has_document(self, name: str) -> bool:
        """Whether the playbook holds this document; a company's own playbook may leave some out."""
        return name in self.documents

    @property
    def buyer_verified_exits(self) -> bool:
        """Whether every open stage can be left on a criterion the buyer verifies (its exit or the next entry)."""
        for stages in [p.stages for p in self.pipelines] or [self.stages]:
            for i, stage in enumerate(stages):
                if stage.category != "open":
                    continue
                following = next((s for s in stages[i + 1 :] if s.category in ("open", "won")), None)
                leaving = (*stage.exit_criteria, *(following.entry_criteria if following else ()))
                if not any(c.verified_by in ("buyer", "mutual") for c in leaving):
                    return False
        return True

    def pipeline_of(self, stage_id: str) -> Pipeline | None:
        return next((p for p in self.pipelines if any(s.id == stage_id for s in p.stages)), None)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)


def role_title(roles: Mapping[str, Role], role_id: str) -> str:
    """What a role is called: its title, else its ID (a reference the validation already reported)."""
    role = roles.get(role_id)
    return role.title if role else role_id


def _criterion(raw: dict[str, Any]) -> Criterion:
    return Criterion(raw["id"], raw["statement"], raw.get("evidence", ""), raw["verified_by"])


def _crm_fields(raw: list[dict[str, Any]] | None) -> tuple[CrmField, ...]:
    return tuple(CrmField(f["label"], f.get("api_name", "")) for f in raw or ())


def _ageing(raw: dict[str, Any] | None) -> tuple[AgeingLimit, ...]:
    if not raw:
        return ()
    own = AgeingLimit("", raw.get("warning_days"), raw.get("stale_days"))
    # A segment's limit left out is the stage's own.
    segments = tuple(
        AgeingLimit(
            s["segment"], s.get("warning_days", own.warning_days), s.get("stale_days", own.stale_days)
        )
        for s in raw.get("segments", ())
    )
    return (own, *segments) if own.warning_days or own.stale_days else segments


def _moves(raw: dict[str, Any] | None) -> Moves | None:
    if raw is None:
        return None
    return Moves(_t(raw.get("from")), raw.get("back", True), raw.get("returns_to", ""))


def _sla(raw: dict[str, Any] | None) -> Sla | None:
    return Sla(raw.get("hours"), raw.get("days"), raw["trigger"]) if raw else None


def _pipelines(doc: dict[str, Any]) -> tuple[Pipeline, ...]:
    if "stages" in doc:
        return (Pipeline("", "", "", "", tuple(map(_stage, doc["stages"]))),)
    return tuple(
        Pipeline(
            p["id"], p["label"], p.get("kind", ""), p.get("description", ""), tuple(map(_stage, p["stages"]))
        )
        for p in doc.get("pipelines", ())
    )


def _stage(raw: dict[str, Any]) -> Stage:
    handoffs = tuple(
        Handoff(h["id"], h["from"], h["to"], h["trigger"], h.get("sla_hours"), _t(h.get("artefacts")))
        for h in raw.get("handoffs", ())
    )
    return Stage(
        raw["id"],
        raw["label"],
        raw["category"],
        raw["purpose"],
        raw["owner"],
        float(raw["probability"]) if "probability" in raw else None,
        raw.get("expected_days"),
        tuple(map(_criterion, raw.get("entry_criteria", ()))),
        tuple(map(_criterion, raw.get("exit_criteria", ()))),
        _t(raw.get("activities")),
        _t(raw.get("framework_elements")),
        handoffs,
        raw.get("status", "active"),
        raw.get("code", ""),
        raw.get("forecast_category", ""),
        _ageing(raw.get("ageing")),
        _moves(raw.get("moves")),
        _crm_fields(raw.get("required_fields", {}).get("enter")),
        _crm_fields(raw.get("required_fields", {}).get("exit")),
        _sla(raw.get("sla")),
    )


def _segment(raw: dict[str, Any]) -> Segment:
    return Segment(
        raw["id"],
        raw["name"],
        raw["tier"],
        raw["summary"],
        raw.get("firmographics", {}),
        _t(raw.get("team_structure")),
        raw.get("tech_stack", {}),
        _t(raw.get("triggers")),
        _t(raw.get("buying_committee")),
        _t(raw.get("pains")),
        _t(raw.get("disqualifiers")),
        raw.get("evidence", {}),
    )


def _period(raw: dict[str, Any]) -> Period:
    certifications = tuple(
        Certification(
            c["id"],
            c["name"],
            _t(c.get("rubric")),
            c.get("assessor"),
            None if c.get("pass_mark") is None else float(c["pass_mark"]),
        )
        for c in raw.get("certifications", ())
    )
    return Period(
        raw["id"],
        raw["label"],
        raw["start_day"],
        raw["end_day"],
        None if raw.get("quota_fraction") is None else float(raw["quota_fraction"]),
        _t(raw["objectives"]),
        _t(raw.get("activities")),
        certifications,
        _t(raw.get("stages")),
        _t(raw.get("targets")),
    )


def _phase(raw: dict[str, Any]) -> Phase:
    milestones = tuple(
        Milestone(
            m["id"],
            m["title"],
            m["due_day"],
            m["owner"],
            m["status"],
            _t(m["acceptance"]),
            _t(m.get("depends_on")),
            tuple(
                Deliverable(
                    d["id"], d["name"], d["kind"], d.get("description", ""), d["owner_after"], m["id"]
                )
                for d in m.get("deliverables", ())
            ),
            raw["id"],
        )
        for m in raw["milestones"]
    )
    return Phase(
        raw["id"], raw["name"], raw["kind"], raw["start_day"], raw["end_day"], raw["goal"], milestones
    )


def _failure_mode(raw: dict[str, Any]) -> FailureMode:
    checklist = tuple(
        ChecklistItem(c["id"], c["question"], c["owner"], c["cadence"]) for c in raw["checklist"]
    )
    threatens = {k: _t(v) for k, v in raw.get("threatens", {}).items()}
    return FailureMode(
        raw["id"],
        raw["name"],
        raw["category"],
        raw["severity"],
        raw["appears_when"],
        _t(raw["signals"]),
        checklist,
        raw["remedy"],
        threatens,
    )


def _engagement(raw: dict[str, Any] | None) -> Engagement | None:
    if not raw:
        return None
    return Engagement(
        raw["cro"],
        raw.get("sponsor", ""),
        datetime.date.fromisoformat(raw["start"]),
        datetime.date.fromisoformat(raw["end"]),
        raw["arr_band"],
        float(raw["days_per_week"]),
    )


def build_model(resolved: ResolvedPlaybook, diagnostics: Sequence[Diagnostic] = ()) -> Playbook:
    """The typed playbook of a resolved playbook that passed validation, with its warnings."""
    docs = {name: doc.data for name, doc in resolved.documents.items()}
    manifest, stages = docs["playbook"], docs["stages"]
    # A company's own playbook may leave these out; the site then leaves their pages out.
    icp = docs.get("icp", {"segments": []})
    milestones = docs.get("milestones", {"phases": [], "success_criteria": {}, "exit_plan": {}})
    failure_modes = docs.get("failure_modes", {"failure_modes": []})
    owner = manifest.get("client") or manifest.get("template") or {}
    framework = stages.get("framework", {"name": "", "elements": []})
    pipelines = _pipelines(stages)
    return Playbook(
        slug=resolved.folder.name,
        name=owner.get("name", resolved.folder.name),
        description=owner.get("description", owner.get("summary", "")),
        is_template=resolved.folder.is_template,
        version=manifest["version"],
        changelog=_t(manifest.get("changelog")),
        currency=manifest["currency"],
        brand=manifest.get("brand", ""),
        extends=manifest.get("extends", ""),
        engagement=_engagement(manifest.get("engagement")),
        roles={
            r["id"]: Role(r["id"], r["title"], r["kind"], r.get("person", ""), r.get("reports_to", ""))
            for r in manifest["roles"]
        },
        segments=tuple(map(_segment, icp["segments"])),
        scoring=icp.get("scoring"),
        framework=Framework(
            framework["name"],
            framework.get("summary", ""),
            tuple(
                Element(e["id"], e["name"], e.get("definition", ""), _t(e.get("questions")))
                for e in framework["elements"]
            ),
        ),
        stages=tuple(s for p in pipelines for s in p.stages),
        closed_lost_reasons=_t(stages.get("closed_lost_reasons")),
        ramp=tuple(
            RampPlan(
                p["role"],
                p.get("summary", ""),
                p["full_productivity_month"],
                tuple(map(_period, p["periods"])),
            )
            for p in docs.get("ramp", {"plans": []})["plans"]
        ),
        phases=tuple(map(_phase, milestones["phases"])),
        success_criteria={k: _t(v) for k, v in milestones["success_criteria"].items()},
        exit_plan=milestones["exit_plan"],
        failure_modes=tuple(map(_failure_mode, failure_modes["failure_modes"])),
        documents=docs,
        operating=build_operating(docs, [r["id"] for r in manifest["roles"]]),
        source=resolved.folder.path,
        diagnostics=tuple(diagnostics),
        pipelines=pipelines,
        # Validation reported any malformed snapshot; a draft build shows the well-formed ones.
        actuals=tuple(s.snapshot for s in read_snapshots(resolved.folder.path)[0]),
    )
