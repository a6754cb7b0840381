"""The neutral form every reader answers with: pipelines of stages, each value with where it was read."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.diagnostics import Location


@dataclass(frozen=True)
class CrmStage:
    """One stage (picklist value, deal stage, status) as the CRM holds it."""

    label: str
    key: str  # the CRM's own name or id for it ("" when it has none)
    order: int  # its place in the pipeline, from 0
    probability: float | None  # from 0 to 1; None: the CRM holds none
    closed: bool | None  # None: this CRM does not say
    won: bool | None
    forecast_category: str  # as the playbook writes it; "" when the CRM holds none
    active: bool
    rotten_days: int | None
    where: Location


@dataclass(frozen=True)
class CrmPipeline:
    label: str
    key: str
    stages: tuple[CrmStage, ...]
    where: Location


@dataclass(frozen=True)
class BusinessProcess:
    """A Salesforce sales process: the stage values one record type offers."""

    name: str
    active: bool
    values: tuple[str, ...]
    where: Location


@dataclass(frozen=True)
class PathStep:
    """A Salesforce Path step: the guidance and key fields shown at one stage value."""

    value: str
    info: str
    fields: tuple[str, ...]
    where: Location


@dataclass(frozen=True)
class CrmConfig:
    """What one system's files hold, merged; `pipelines` are in the CRM's order."""

    system: str
    files: tuple[str, ...]
    pipelines: tuple[CrmPipeline, ...]
    processes: tuple[BusinessProcess, ...] = ()
    path_steps: tuple[PathStep, ...] = ()


def where_text(where: Location) -> str:
    """`file:line`, as a message names the CRM's side."""
    return f"{where.file}:{where.line}"
