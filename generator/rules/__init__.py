"""Semantic rules: checks that need more than a type, each with a stable ID."""

from generator.rules import icp, manifest, milestones, ramp, references, stages
from generator.rules.base import RULES, Context, Rule

__all__ = ["RULES", "Context", "Rule", "icp", "manifest", "milestones", "ramp", "references", "stages"]
