"""Drift between the playbook and a CRM's saved configuration, as diagnostics at the playbook's line.

Each system is compared on what it holds, derived from the playbook the way its exporter derives
it: Salesforce on its shared stage value set (and business-process membership when the files have
processes), HubSpot on each pipeline's stages, Pipedrive on open stages only (won and lost are a
deal's status there), Close on statuses and their type. Stages are paired by label (or Salesforce
API name), and Path steps on the guidance and key fields the export derives; what is left is paired by its place in the pipeline, and such a pairing is called a
guess in the message. Order is compared among paired stages only, so one extra stage in the CRM is
one diagnostic, not one per later stage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.core.diagnostics import Diagnostic, Severity
from generator.crm.common import CrmSource, PlacedPipeline, PlacedStage
from generator.crm.pipedrive import stale_days
from generator.crm.readers.model import CrmConfig, CrmPipeline, CrmStage, where_text
from generator.crm.salesforce_path import guidance_statements, key_fields, path_guidance
from generator.crm.salesforce_process import process_name

NAMES = {"salesforce": "Salesforce", "hubspot": "HubSpot", "pipedrive": "Pipedrive", "close": "Close"}
CLOSED = ("won", "lost", "disqualified")
GUESS = "; paired by its place in the pipeline, a guess: check that it is the same stage"


@dataclass(frozen=True)
class Pair:
    ours: PlacedStage
    theirs: CrmStage
    guess: bool


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100) / 100


def expected(system: str, stage: PlacedStage) -> dict[str, object]:
    """What `system` should hold for the stage, for each value it holds; a playbook silence is left out."""
    s = stage.stage
    found: dict[str, object] = {}
    if system == "hubspot":
        probability = 1.0 if s.category == "won" else 0.0 if s.category in CLOSED else s.probability
        found["probability"] = probability
        found["closed"] = s.category in CLOSED
    elif system in ("salesforce", "pipedrive"):
        found["probability"] = _percent(s.probability)
    if system in ("salesforce", "close"):
        found["closed"] = s.category in CLOSED
        found["won"] = s.category == "won"
    if system == "salesforce" and s.forecast_category:
        found["forecast_category"] = s.forecast_category
    if system == "pipedrive":
        found["rotten_days"] = stale_days(s)
    if found.get("probability", 0) is None:
        del found["probability"]
    return found


def compared_stages(system: str, pipeline: PlacedPipeline) -> list[PlacedStage]:
    """The pipeline's stages the system carries: Pipedrive has open stages only."""
    return [p for p in pipeline.stages if system != "pipedrive" or p.stage.category == "open"]


def _same(field: str, ours: object, theirs: object) -> bool:
    if field == "probability" and isinstance(ours, float) and isinstance(theirs, float):
        return math.isclose(ours, theirs, abs_tol=1e-9)
    return ours == theirs


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def pair_stages(
    ours: list[PlacedStage], theirs: tuple[CrmStage, ...]
) -> tuple[list[Pair], list[PlacedStage], list[CrmStage]]:
    """Stages paired by label or API name, then by place; then what is left on each side."""
    free = list(theirs)
    pairs: list[Pair] = []
    left: list[tuple[int, PlacedStage]] = []
    for index, placed in enumerate(ours):
        label = _key(placed.stage.label)
        match = next((c for c in free if label in (_key(c.label), _key(c.key))), None)
        if match is None:
            left.append((index, placed))
            continue
        free.remove(match)
        pairs.append(Pair(placed, match, guess=False))
    only_ours = []
    for index, placed in left:
        match = next((c for c in free if c.active and c.order == index), None)
        if match is None:
            only_ours.append(placed)
            continue
        free.remove(match)
        pairs.append(Pair(placed, match, guess=True))
    place = {id(placed): index for index, placed in enumerate(ours)}
    pairs.sort(key=lambda pair: place[id(pair.ours)])
    # A value retired in the CRM and absent from the playbook is not drift: neither side uses it.
    return pairs, only_ours, [c for c in free if c.active]


class Checker:
    """The drift between one playbook and one system's configuration."""

    def __init__(self, source: CrmSource, config: CrmConfig) -> None:
        self.source = source
        self.config = config
        self.name = NAMES[config.system]
        self.found: list[Diagnostic] = []

    def report(self, path: tuple[object, ...], rule: str, message: str) -> None:
        self.found.append(Diagnostic(self.source.at(path), Severity.ERROR, f"crm-drift-{rule}", message))

    def crm(self, theirs: CrmStage | CrmPipeline) -> str:
        return f"{self.name} ({where_text(theirs.where)})"

    def pipeline(self, ours: PlacedPipeline, stages: list[PlacedStage], theirs: CrmPipeline) -> None:
        pairs, only_ours, only_theirs = pair_stages(stages, theirs.stages)
        for placed in only_ours:
            self.report(placed.path, "missing", f"stage `{placed.stage.label}` is not in {self.crm(theirs)}")
        retired = {_key(p.stage.label): p for p in ours.retired}
        for extra in only_theirs:
            if _key(extra.label) in retired:  # retired here, still offered there: one step left undone
                self.report(
                    (*retired[_key(extra.label)].path, "status"),
                    "retired",
                    f"stage `{extra.label}` is retired here and still in use in {self.crm(extra)}:"
                    " retire it there too",
                )
                continue
            self.report(
                (*ours.path, "stages"),
                "extra",
                f"{self.crm(extra)} has stage `{extra.label}`, which the playbook does not",
            )
        for pair in pairs:
            self.stage(pair)
        self.order(pairs)

    def stage(self, pair: Pair) -> None:
        ours, theirs, label = pair.ours, pair.theirs, pair.ours.stage.label
        guess = GUESS if pair.guess else ""
        if ours.stage.label != theirs.label:
            self.report(
                (*ours.path, "label"),
                "label",
                f"stage `{label}` is named `{theirs.label}` in {self.crm(theirs)}{guess}",
            )
            guess = ""
        if not theirs.active:
            self.report(ours.path, "inactive", f"stage `{label}` is inactive in {self.crm(theirs)}{guess}")
            return
        for field, value in expected(self.config.system, ours).items():
            other = getattr(theirs, field)
            if other is None and field in ("closed", "won"):
                continue  # the CRM does not say
            if not _same(field, value, other):
                self.report(*_difference(ours, field, value, other, self.crm(theirs) + guess))

    def order(self, pairs: list[Pair]) -> None:
        ranked = sorted(pairs, key=lambda p: p.theirs.order)
        theirs_rank = {id(p): i for i, p in enumerate(ranked)}
        for rank, pair in enumerate(pairs):
            if theirs_rank[id(pair)] != rank:
                self.report(
                    pair.ours.path,
                    "order",
                    f"stage `{pair.ours.stage.label}` is number {rank + 1} of the paired stages here and"
                    f" {theirs_rank[id(pair)] + 1} in {self.crm(pair.theirs)}",
                )


FIELDS = {
    "probability": ("probability", "probability", "probability"),
    "closed": ("category", "closed", "closed"),
    "won": ("category", "won", "won"),
    "forecast_category": ("forecast_category", "forecast", "forecast category"),
    "rotten_days": ("ageing", "rotting", "days to rotting"),
}


def _shown(field: str, value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return {"closed": ("open", "closed"), "won": ("not won", "won")}[field][value]
    if isinstance(value, float):
        return f"{value:g}"
    return f"`{value}`"


def _difference(
    ours: PlacedStage, field: str, value: object, other: object, crm: str
) -> tuple[tuple[object, ...], str, str]:
    key, rule, noun = FIELDS[field]
    label = ours.stage.label
    if field in ("closed", "won"):
        message = f"stage `{label}` is {_shown(field, value)} here and {_shown(field, other)} in {crm}"
    else:
        message = (
            f"{noun} of stage `{label}` is {_shown(field, value)} here and {_shown(field, other)} in {crm}"
        )
    return (*ours.path, key), rule, message


def _salesforce_values(source: CrmSource) -> PlacedPipeline:
    """Every pipeline's stages as the one value set Salesforce keeps, first place of each label kept."""
    seen: dict[str, PlacedStage] = {}
    pipelines = source.pipelines()
    for pipeline in pipelines:
        for placed in pipeline.stages:
            seen.setdefault(placed.stage.label, placed)
    in_use = {_key(label) for label in seen}
    retired = [p for pipeline in pipelines for p in pipeline.retired if _key(p.stage.label) not in in_use]
    first = pipelines[0]
    # A stage only Salesforce has is reported at the playbook's `stages` or `pipelines`.
    path: tuple[object, ...] = () if len(pipelines) == 1 and not first.path else ("pipelines",)
    return PlacedPipeline(first.pipeline, first.label, first.slug, path, tuple(seen.values()), tuple(retired))


def _pipeline_pairs(
    checker: Checker, ours: tuple[PlacedPipeline, ...], theirs: tuple[CrmPipeline, ...]
) -> list[tuple[PlacedPipeline, CrmPipeline]]:
    free = list(theirs)
    pairs, left = [], []
    for pipeline in ours:
        match = next((c for c in free if _key(c.label) in (_key(pipeline.label), _key(pipeline.slug))), None)
        if match is None:
            left.append(pipeline)
        else:
            free.remove(match)
            pairs.append((pipeline, match))
    if len(left) == 1 and len(free) == 1:
        # One pipeline on each side: the same one, whatever each calls it.
        pairs.append((left.pop(), free.pop()))
    for pipeline in left:
        checker.report(pipeline.path, "pipeline", f"pipeline `{pipeline.label}` is not in {checker.name}")
    for extra in free:
        checker.report(
            _pipelines_path(ours),
            "pipeline",
            f"{checker.crm(extra)} has pipeline `{extra.label}`, which the playbook does not",
        )
    return pairs


def _pipelines_path(ours: tuple[PlacedPipeline, ...]) -> tuple[object, ...]:
    return ("pipelines",) if ours and ours[0].path else ("stages",)


def _process_name(name: str) -> str:
    # A process's fullName is `Opportunity.Name` inside the object, `Name` in its own file.
    return _key(name.removeprefix("Opportunity.").replace("_", " "))


def _processes(checker: Checker) -> None:
    processes = [p for p in checker.config.processes if p.active]
    if not processes:
        return
    ours = checker.source.pipelines()
    free = list(processes)
    pairs = []
    for pipeline in ours:
        # The name the export gives the process, or one an admin made from the pipeline's slug.
        names = (_key(process_name(pipeline)), _key(pipeline.slug.replace("-", " ")))
        match = next((p for p in free if _process_name(p.name) in names), None)
        if match is None and len(ours) == 1 and len(free) == 1:
            match = free[0]
        if match is None:
            checker.report(
                pipeline.path, "process", f"pipeline `{pipeline.label}` has no business process in Salesforce"
            )
            continue
        free.remove(match)
        pairs.append((pipeline, match))
    for process in free:
        checker.report(
            _pipelines_path(ours),
            "process",
            f"business process `{process.name}` in Salesforce ({where_text(process.where)}) matches no pipeline",
        )
    # A process names values by API name; the playbook (and the export) by label.
    labels_of = {_key(v.key): v.label for v in checker.config.pipelines[0].stages}
    for pipeline, process in pairs:
        values = [labels_of.get(_key(v), v) for v in process.values]
        offered = {_key(v) for v in values}
        where = f"business process `{process.name}` ({where_text(process.where)})"
        labels = {_key(p.stage.label) for p in pipeline.stages}
        retired = {_key(p.stage.label) for p in pipeline.retired}  # reported as crm-drift-retired
        for placed in pipeline.stages:
            if _key(placed.stage.label) not in offered:
                checker.report(
                    placed.path, "process", f"stage `{placed.stage.label}` is not offered by {where}"
                )
        for value in values:
            if _key(value) not in labels | retired:
                checker.report(
                    (*pipeline.path, "stages"),
                    "process",
                    f"{where} offers `{value}`, which pipeline `{pipeline.label}` does not have",
                )


def _paths(checker: Checker) -> None:
    """Each retrieved Path step against the stages of its value: its guidance must make their exit
    criteria, its key fields their required fields. A stage whose export would have a step, and
    whose value has none in the files, is out of date too. (A value shared by pipelines may have a
    step in each Path: a step is current when it matches one of the stages of its value.)"""
    steps = checker.config.path_steps
    if not steps:
        return
    placed = [p for pipeline in checker.source.pipelines() for p in pipeline.stages]
    for step in steps:
        stages = [p for p in placed if _key(p.stage.label) == _key(step.value)]
        if not stages:
            continue  # a value the playbook lacks is reported as an extra stage
        where = f"`{stages[0].stage.label}` ({where_text(step.where)})"
        statements = guidance_statements(step.info)
        if all(statements != [" ".join(c.statement.split()) for c in p.stage.exit_criteria] for p in stages):
            checker.report(
                (*stages[0].path, "exit_criteria"),
                "path",
                f"the Path's guidance for {where} is out of date: it is not the stage's exit criteria",
            )
        if all(step.fields != tuple(f.api_name for f in key_fields(p.stage)) for p in stages):
            wanted = ", ".join(f.api_name or f.label for f in key_fields(stages[0].stage)) or "none"
            checker.report(
                stages[0].path,
                "path",
                f"the Path's key fields for {where} are {', '.join(step.fields) or 'none'};"
                f" the stage requires {wanted}",
            )
    with_steps = {_key(step.value) for step in steps}
    for p in placed:
        if _key(p.stage.label) not in with_steps and (path_guidance(p.stage) or key_fields(p.stage)):
            checker.report(p.path, "path", f"stage `{p.stage.label}` has no step in the Salesforce Path")


def check(source: CrmSource, config: CrmConfig) -> list[Diagnostic]:
    """Every difference between the playbook's pipelines and the system's configuration."""
    checker = Checker(source, config)
    if config.system == "salesforce":
        values = _salesforce_values(source)
        checker.pipeline(values, list(values.stages), config.pipelines[0])
        _processes(checker)
        _paths(checker)
    else:
        for ours, theirs in _pipeline_pairs(checker, source.pipelines(), config.pipelines):
            checker.pipeline(ours, compared_stages(config.system, ours), theirs)
    return checker.found
