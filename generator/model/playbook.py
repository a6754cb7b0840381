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
from generator.model.scoring import Scoring, build_scoring
from generator.model.subjects import Subject, subjects
from generator.resolve.merge import ResolvedPlaybook


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    kind: str
    person: str = ""
    reports_to: str = ""


@dataclass(frozen=True)
class Condition:
    """When a criterion applies, if not always: every field given must hold."""

    deal_size_at_least: float | None = None
    segment: str = ""
    lead_source: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    statement: str
    evidence: str
    verified_by: str  # "" on a group: its members say
    applies_when: Condition | None = None
    group: str = ""  # "any" or "all" on a group of `members`
    members: tuple[Criterion, ...] = ()

    @property
    def buyer_side(self) -> str:
        """ "always", "sometimes" (only under a condition) or "never" verified by the buyer."""
        order = ["never", "sometimes", "always"]
        if self.group:
            ranks = [order.index(m.buyer_side) for m in self.members] or [0]
            found = order[max(ranks) if self.group == "all" else min(ranks)]
        else:
            found = "always" if self.verified_by in ("buyer", "mutual") else "never"
        return "sometimes" if found == "always" and self.applies_when else found

    @property
    def leaves(self) -> tuple[Criterion, ...]:
        """The criterion itself, or a group's members."""
        return self.members if self.group else (self,)


@dataclass(frozen=True)
class Step:
    """A process step that is not a CRM stage: it runs alongside stages and is never exported."""

    id: str
    name: str
    alongside: tuple[str, ...]
    required: bool
    owner: str
    purpose: str
    criteria: tuple[Criterion, ...]
    activities: tuple[str, ...] = ()


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
    framework_elements: tuple[str, ...]  # confirmed by the stage's exit (`framework.confirms`)
    handoffs: tuple[Handoff, ...]
    status: str = "active"
    code: str = ""
    forecast_category: str = ""
    ageing: tuple[AgeingLimit, ...] = ()  # the stage's own limits first, then each segment's
    moves: Moves | None = None
    required_enter: tuple[CrmField, ...] = ()
    required_exit: tuple[CrmField, ...] = ()
    sla: Sla | None = None
    framework_works_on: tuple[str, ...] = ()


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
class Range:
    """A range with either end open (None)."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class Firmographics:
    """What the segment's companies look like from the outside; None or empty where unwritten."""

    employees: Range | None = None
    revenue: Range | None = None
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    funding_stages: tuple[str, ...] = ()
    business_models: tuple[str, ...] = ()


@dataclass(frozen=True)
class TechStack:
    required: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trigger:
    event: str
    why: str


@dataclass(frozen=True)
class CommitteeMember:
    role: str
    titles: tuple[str, ...]
    cares_about: tuple[str, ...]


@dataclass(frozen=True)
class SegmentEvidence:
    """The deals behind a segment's place in the ICP; None where the playbook does not say."""

    closed_won: int | None = None
    win_rate: float | None = None
    cycle_days: int | None = None
    average_deal: float | None = None
    period: str = ""
    source: str = ""


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    tier: str
    summary: str
    firmographics: Firmographics
    team_structure: tuple[str, ...]
    tech_stack: TechStack
    triggers: tuple[Trigger, ...]
    buying_committee: tuple[CommitteeMember, ...]
    pains: tuple[str, ...]
    disqualifiers: tuple[str, ...]
    evidence: SegmentEvidence | None  # None when the playbook gives none


@dataclass(frozen=True)
class ScoreItem:
    item: str
    points: int


@dataclass(frozen=True)
class Certification:
    id: str
    name: str
    rubric: tuple[str, ...]
    assessor: str | None
    pass_mark: float | None
    scorecard: tuple[ScoreItem, ...] = ()
    assessors: tuple[str, ...] = ()  # every role that may assess, `assessor` first
    pass_points: int | None = None
    requires: tuple[str, ...] = ()  # certifications passed first

    @property
    def total_points(self) -> int:
        return sum(i.points for i in self.scorecard)


@dataclass(frozen=True)
class RampTarget:
    metric: str
    value: float
    unit: str
    comparator: str  # at-least, at-most, or empty when the playbook does not say
    stage: str
    segment: str


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
    targets: tuple[RampTarget, ...]


@dataclass(frozen=True)
class RampPlan:
    role: str
    summary: str
    full_productivity_month: int
    periods: tuple[Period, ...]
    quota_measure: str = ""  # empty: the playbook does not say what the quota counts


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
class LostReason:
    """A closed-lost reason a rep picks, with the finer reasons under it."""

    id: str
    label: str
    description: str = ""
    sub_reasons: tuple[LostReason, ...] = ()
    details_required_above: float | None = None  # a deal at or above this amount needs details


@dataclass(frozen=True)
class Upkeep:
    """Who keeps one document true after the engagement, and how often they review it."""

    owner: str = ""
    review_interval_days: int | None = None


@dataclass(frozen=True)
class ChangelogEntry:
    """One release of the playbook, as its manifest's changelog tells it."""

    version: str
    date: str
    summary: str
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuccessCriterion:
    id: str
    statement: str
    measure: str


@dataclass(frozen=True)
class SuccessCriteria:
    """What the engagement must have achieved, at day 90 and at six months."""

    day_90: tuple[SuccessCriterion, ...] = ()
    month_6: tuple[SuccessCriterion, ...] = ()


@dataclass(frozen=True)
class KnowledgeTransfer:
    id: str
    topic: str
    from_role: str
    to_role: str
    method: str
    due_day: int


@dataclass(frozen=True)
class ExitPlan:
    summary: str = ""
    transfers: tuple[KnowledgeTransfer, ...] = ()


@dataclass(frozen=True)
class Threatens:
    """What a failure mode puts at risk, by ID."""

    stages: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    deliverables: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stages or self.milestones or self.deliverables)


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
    threatens: Threatens


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
    changelog: tuple[ChangelogEntry, ...]
    currency: str
    brand: str
    extends: str
    engagement: Engagement | None
    roles: dict[str, Role]
    segments: tuple[Segment, ...]
    scoring: Scoring | None
    framework: Framework
    stages: tuple[Stage, ...]  # every pipeline's, in order
    closed_lost_reasons: tuple[LostReason, ...]
    ramp: tuple[RampPlan, ...]
    phases: tuple[Phase, ...]
    success_criteria: SuccessCriteria
    exit_plan: ExitPlan
    failure_modes: tuple[FailureMode, ...]
    upkeep: dict[str, Upkeep] = field(default_factory=dict)  # one per document the playbook holds
    rules: dict[str, str] = field(default_factory=dict)  # the manifest's rule levels, for the health page
    subjects: dict[Diagnostic, tuple[Subject, ...]] = field(
        default_factory=dict
    )  # what each warning is about
    operating: OperatingSystem = field(default_factory=OperatingSystem)
    source: Path | None = None  # the playbook's folder, for the health page's diagnostics
    diagnostics: tuple[Diagnostic, ...] = ()  # the warnings validation found, for the health page
    pipelines: tuple[Pipeline, ...] = ()  # one, unnamed, for a playbook that writes `stages:`
    crm_systems: tuple[str, ...] = ()  # the CRMs the manifest names; the stages page shows their settings
    steps: tuple[Step, ...] = ()  # process steps beside the stages; never CRM stages
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

    def certification_name(self, certification_id: str) -> str:
        """What a certification is called, from any ramp plan; its ID if none has it."""
        found = (c for plan in self.ramp for p in plan.periods for c in p.certifications)
        return next((c.name for c in found if c.id == certification_id), certification_id)

    def has_document(self, name: str) -> bool:
        """Whether the playbook holds this document; a company's own playbook may leave some out."""
        return name in self.upkeep

    @property
    def buyer_verified_exits(self) -> bool:
        """Whether every open stage can be left on a criterion the buyer verifies (its exit or the next entry)."""
        for stages in [p.stages for p in self.pipelines] or [self.stages]:
            for i, stage in enumerate(stages):
                if stage.category != "open":
                    continue
                following = next((s for s in stages[i + 1 :] if s.category in ("open", "won")), None)
                leaving = (*stage.exit_criteria, *(following.entry_criteria if following else ()))
                if not any(c.buyer_side == "always" for c in leaving):
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
    when = raw.get("applies_when")
    condition = (
        Condition(when.get("deal_size_at_least"), when.get("segment", ""), when.get("lead_source", ""))
        if when
        else None
    )
    group = "any" if "any_of" in raw else "all" if "all_of" in raw else ""
    members = tuple(map(_criterion, raw.get("any_of") or raw.get("all_of") or ()))
    return Criterion(
        raw["id"],
        raw["statement"],
        raw.get("evidence", ""),
        raw.get("verified_by", ""),
        condition,
        group,
        members,
    )


def _step(raw: dict[str, Any]) -> Step:
    return Step(
        raw["id"],
        raw["name"],
        _t(raw["alongside"]),
        raw.get("required", False),
        raw.get("owner", ""),
        raw.get("purpose", ""),
        tuple(map(_criterion, raw.get("criteria", ()))),
        _t(raw.get("activities")),
    )


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
        # `framework_elements` is the deprecated spelling of `framework.confirms`.
        _t(raw.get("framework", {}).get("confirms", raw.get("framework_elements"))),
        handoffs,
        raw.get("status", "active"),
        raw.get("code", ""),
        raw.get("forecast_category", ""),
        _ageing(raw.get("ageing")),
        _moves(raw.get("moves")),
        _crm_fields(raw.get("required_fields", {}).get("enter")),
        _crm_fields(raw.get("required_fields", {}).get("exit")),
        _sla(raw.get("sla")),
        _t(raw.get("framework", {}).get("works_on")),
    )


def _range(raw: dict[str, Any] | None) -> Range | None:
    return Range(raw.get("min"), raw.get("max")) if raw else None


def _firmographics(raw: dict[str, Any]) -> Firmographics:
    lists = ("industries", "regions", "funding_stages", "business_models")
    return Firmographics(
        _range(raw.get("employees")), _range(raw.get("revenue")), *(_t(raw.get(name)) for name in lists)
    )


def _evidence(raw: dict[str, Any] | None) -> SegmentEvidence | None:
    if not raw:
        return None
    return SegmentEvidence(
        raw.get("closed_won"),
        raw.get("win_rate"),
        raw.get("cycle_days"),
        raw.get("average_deal"),
        raw.get("period", ""),
        raw.get("source", ""),
    )


def _segment(raw: dict[str, Any]) -> Segment:
    stack = raw.get("tech_stack", {})
    return Segment(
        raw["id"],
        raw["name"],
        raw["tier"],
        raw["summary"],
        _firmographics(raw.get("firmographics", {})),
        _t(raw.get("team_structure")),
        TechStack(_t(stack.get("required")), _t(stack.get("signals"))),
        tuple(Trigger(t["event"], t["why"]) for t in raw.get("triggers", ())),
        tuple(
            CommitteeMember(m["role"], _t(m.get("titles")), _t(m["cares_about"]))
            for m in raw.get("buying_committee", ())
        ),
        _t(raw.get("pains")),
        _t(raw.get("disqualifiers")),
        _evidence(raw.get("evidence")),
    )


def _period(raw: dict[str, Any]) -> Period:
    certifications = tuple(
        Certification(
            c["id"],
            c["name"],
            _t(c.get("rubric")),
            c.get("assessor"),
            None if c.get("pass_mark") is None else float(c["pass_mark"]),
            tuple(ScoreItem(i["item"], i["points"]) for i in c.get("scorecard", ())),
            tuple(dict.fromkeys([*([c["assessor"]] if c.get("assessor") else []), *c.get("assessors", ())])),
            c.get("pass_points"),
            _t(c.get("requires")),
        )
        for c in raw.get("certifications", ())
    )
    targets = tuple(
        RampTarget(
            t["metric"],
            t["value"],
            t.get("unit", ""),
            t.get("comparator", ""),
            t.get("stage", ""),
            t.get("segment", ""),
        )
        for t in raw.get("targets", ())
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
        targets,
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


def _lost_reason(raw: dict[str, Any]) -> LostReason:
    return LostReason(
        raw["id"],
        raw["label"],
        raw.get("description", ""),
        tuple(map(_lost_reason, raw.get("sub_reasons", ()))),
        raw.get("details_required_above"),
    )


def _success_criteria(raw: dict[str, Any]) -> SuccessCriteria:
    def criteria(items: list[dict[str, Any]]) -> tuple[SuccessCriterion, ...]:
        return tuple(SuccessCriterion(c["id"], c["statement"], c.get("measure", "")) for c in items)

    return SuccessCriteria(criteria(raw["day_90"]), criteria(raw["month_6"]))


def _exit_plan(raw: dict[str, Any]) -> ExitPlan:
    transfers = tuple(
        KnowledgeTransfer(t["id"], t["topic"], t["from"], t["to"], t.get("method", ""), t["due_day"])
        for t in raw["transfers"]
    )
    return ExitPlan(raw["summary"], transfers)


def _failure_mode(raw: dict[str, Any]) -> FailureMode:
    checklist = tuple(
        ChecklistItem(c["id"], c["question"], c["owner"], c["cadence"]) for c in raw["checklist"]
    )
    at_risk = raw.get("threatens", {})
    threatens = Threatens(
        _t(at_risk.get("stages")), _t(at_risk.get("milestones")), _t(at_risk.get("deliverables"))
    )
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


def _snapshots(resolved: ResolvedPlaybook) -> tuple[Snapshot, ...]:
    # Validation reported any malformed snapshot; a draft build shows the well-formed ones.
    return tuple(s.snapshot for s in read_snapshots(resolved.folder.path)[0])


def build_model(
    resolved: ResolvedPlaybook,
    diagnostics: Sequence[Diagnostic] = (),
    actuals: Sequence[Snapshot] | None = None,
) -> Playbook:
    """The typed playbook of a resolved playbook that passed validation, with its warnings and the
    snapshots validation read (read from the folder when the caller has none)."""
    docs = {name: doc.data for name, doc in resolved.documents.items()}
    manifest, stages = docs["playbook"], docs["stages"]
    # A company's own playbook may leave these out; the site then leaves their pages out.
    icp = docs.get("icp", {"segments": []})
    milestones = docs.get("milestones")
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
        changelog=tuple(
            ChangelogEntry(e["version"], e["date"], e["summary"], _t(e.get("changes")))
            for e in manifest.get("changelog", ())
        ),
        currency=manifest["currency"],
        brand=manifest.get("brand", ""),
        extends=manifest.get("extends", ""),
        engagement=_engagement(manifest.get("engagement")),
        roles={
            r["id"]: Role(r["id"], r["title"], r["kind"], r.get("person", ""), r.get("reports_to", ""))
            for r in manifest["roles"]
        },
        segments=tuple(map(_segment, icp.get("segments", ()))),
        scoring=build_scoring(icp["scoring"]) if "scoring" in icp else None,
        framework=Framework(
            framework["name"],
            framework.get("summary", ""),
            tuple(
                Element(e["id"], e["name"], e.get("definition", ""), _t(e.get("questions")))
                for e in framework["elements"]
            ),
        ),
        stages=tuple(s for p in pipelines for s in p.stages),
        closed_lost_reasons=tuple(map(_lost_reason, stages.get("closed_lost_reasons", ()))),
        ramp=tuple(
            RampPlan(
                p["role"],
                p.get("summary", ""),
                p["full_productivity_month"],
                tuple(map(_period, p["periods"])),
                p.get("quota_measure", ""),
            )
            for p in docs.get("ramp", {"plans": []})["plans"]
        ),
        phases=tuple(map(_phase, milestones["phases"])) if milestones else (),
        success_criteria=_success_criteria(milestones["success_criteria"])
        if milestones
        else SuccessCriteria(),
        exit_plan=_exit_plan(milestones["exit_plan"]) if milestones else ExitPlan(),
        failure_modes=tuple(map(_failure_mode, failure_modes["failure_modes"])),
        upkeep={
            name: Upkeep(data.get("owner", ""), data.get("review_interval_days"))
            for name, data in docs.items()
        },
        rules=dict(manifest.get("rules", {})),
        subjects={d: subjects(docs.get(Path(d.location.file).stem), d.path) for d in diagnostics},
        operating=build_operating(docs, [r["id"] for r in manifest["roles"]]),
        source=resolved.folder.path,
        diagnostics=tuple(diagnostics),
        pipelines=pipelines,
        crm_systems=tuple(manifest.get("crm", {}).get("systems", ())),
        steps=tuple(map(_step, stages.get("steps", ()))),
        actuals=tuple(actuals) if actuals is not None else _snapshots(resolved),
    )
