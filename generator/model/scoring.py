"""An ICP's fit score, typed: criteria, groups of alternatives, bands and the two thresholds.

A group's criteria are alternatives (one per headcount range, say): an account matches at most
one, so the group counts once, at its best. The threshold is the score from which an account is
worked at all; the tier divider, when given, splits the worked accounts into two tiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScoreCriterion:
    id: str
    signal: str
    points: int
    group: str  # empty: scored on its own


@dataclass(frozen=True)
class ScoreGroup:
    id: str
    label: str
    criteria: tuple[ScoreCriterion, ...]

    @property
    def best(self) -> int:
        """The most the group can add: its best alternative, or nothing when all take points away."""
        return max((0, *(c.points for c in self.criteria)))


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: int
    max: int
    action: str


@dataclass(frozen=True)
class Scoring:
    criteria: tuple[ScoreCriterion, ...]
    groups: tuple[ScoreGroup, ...]
    bands: tuple[Band, ...]
    threshold: int | None  # worked from; None for a score that only ranks
    tier_divider: int | None

    @property
    def single(self) -> tuple[ScoreCriterion, ...]:
        """The criteria that belong to no group, each scored on its own."""
        return tuple(c for c in self.criteria if not c.group)

    @property
    def best_score(self) -> int:
        """The highest score an account can reach, each group counted once."""
        return sum(max(c.points, 0) for c in self.single) + sum(g.best for g in self.groups)


def build_scoring(raw: dict[str, Any]) -> Scoring:
    """The typed score of a validated `scoring:` mapping."""
    criteria = tuple(
        ScoreCriterion(c["id"], c["signal"], c["points"], c.get("group", "")) for c in raw["criteria"]
    )
    groups = tuple(
        ScoreGroup(g["id"], g["label"], tuple(c for c in criteria if c.group == g["id"]))
        for g in raw.get("groups", ())
    )
    bands = tuple(
        Band(b["id"], b["label"], b["min"], b["max"], b.get("action", "")) for b in raw.get("bands", ())
    )
    return Scoring(criteria, groups, bands, raw.get("threshold"), raw.get("tier_divider"))
