"""The rule registry: each semantic rule has a stable ID, a kind, a default severity, and the documents it reads.

Integrity rules find what would make the model or the site wrong (an order, a cycle, a sum);
they are always errors. Advice rules are a seasoned CRO's method (buyer-verified exits, a ramp's
shape); they are warnings by default, and a manifest's `rules:` sets them per playbook.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.locations import DocPath, Origins, locate
from generator.load.snapshot import LoadedSnapshot
from generator.resolve.merge import ResolvedPlaybook
from generator.schema.schemas import SchemaSet
from generator.schema.view import Node


@dataclass(frozen=True)
class Finding:
    """A rule's finding, before it is located: the document and the path it is about."""

    document: str
    path: DocPath
    message: str
    at_key: bool = False
    origins: Origins | None = None  # a file that is not a document (an actuals snapshot)


Walked = tuple[DocPath, Node, Any]


@dataclass(frozen=True)
class Context:
    """What a rule reads: the structurally valid documents of one resolved playbook."""

    playbook: ResolvedPlaybook
    schemas: SchemaSet
    valid: frozenset[str]
    today: datetime.date
    extras: frozenset[str] = frozenset()  # what the folder holds besides documents: well-formed actuals
    snapshots: tuple[LoadedSnapshot, ...] = ()  # the well-formed actuals snapshots, oldest first
    _walks: dict[str, list[Walked]] = field(default_factory=dict, compare=False, repr=False)

    def doc(self, name: str) -> dict[str, Any]:
        return self.playbook.documents[name].data

    def walk(self, name: str) -> list[Walked]:
        """Every value of a valid document with its rules, walked once for all the rules that ask."""
        if name not in self._walks:
            self._walks[name] = list(self.schemas.walk(name, self.doc(name)))
        return self._walks[name]

    def has(self, name: str) -> bool:
        return name in self.valid or name in self.extras

    def roles(self) -> dict[str, dict[str, Any]]:
        """The manifest's roles by ID."""
        if not self.has("playbook"):
            return {}
        return {r["id"]: r for r in self.doc("playbook").get("roles", [])}


Check = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A semantic rule: what it checks, why a seasoned CRO cares, and the check itself."""

    id: str
    severity: Severity  # the default; a playbook's policy may change it for an advice rule
    documents: tuple[str, ...]
    summary: str
    reason: str
    check: Check
    kind: str = "integrity"

    @property
    def is_advice(self) -> bool:
        return self.kind == ADVICE

    def run(self, ctx: Context) -> Iterator[Diagnostic]:
        if not all(ctx.has(name) for name in self.documents):
            return
        for finding in self.check(ctx):
            origins = finding.origins or ctx.playbook.documents[finding.document].origins
            where = locate(origins, finding.path, at_key=finding.at_key)
            yield Diagnostic.at(where, self.severity, self.id, finding.message, finding.path)


RULES: list[Rule] = []


def rule(
    rule_id: str, severity: Severity | str, documents: tuple[str, ...], summary: str, reason: str
) -> Callable[[Check], Check]:
    """Register a check as a rule: `ERROR` for an integrity rule, `ADVICE` for methodology advice."""
    kind = ADVICE if severity == ADVICE else INTEGRITY
    level = Severity.WARNING if kind == ADVICE else Severity(severity)

    def register(check: Check) -> Check:
        RULES.append(Rule(rule_id, level, documents, summary, reason, check, kind))
        return check

    return register


ERROR, WARNING = Severity.ERROR, Severity.WARNING
INTEGRITY, ADVICE = "integrity", "advice"
