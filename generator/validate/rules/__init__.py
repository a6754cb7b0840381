"""Semantic rules: checks that need more than a type, each with a stable ID."""

from generator.validate.rules import (
    actuals,
    audit,
    cadence,
    formulas,
    health,
    icp,
    manifest,
    metrics,
    milestones,
    pipelines,
    ramp,
    references,
    roles,
    stage_fields,
    stages,
    transfer,
)
from generator.validate.rules.base import RULES, Context, Rule

__all__ = [
    "RULES",
    "Context",
    "Rule",
    "actuals",
    "audit",
    "cadence",
    "formulas",
    "health",
    "icp",
    "manifest",
    "metrics",
    "milestones",
    "pipelines",
    "ramp",
    "references",
    "roles",
    "stage_fields",
    "stages",
    "transfer",
]
