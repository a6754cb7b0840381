"""A playbook's rule policy: which advice rules are errors, warnings or off.

The manifest's `rules:` maps rule IDs to `error`, `warning` or `off`. `extends` merges it key by
key, so a consultant's template can enforce the method while a client's own file relaxes it.
Integrity rules (types, references, orders, cycles) cannot be set: the model would be wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.core.hints import nearest_hint
from generator.load.locations import Origins, locate
from generator.validate.rules import RULES
from generator.validate.rules.base import Rule

LEVELS = ("error", "warning", "off")
OTHER_INTEGRITY = (
    "duplicate-id",
    "reference-unknown",
    "document-missing",
    "document-unknown",
    "extends-unknown",
    "extends-cycle",
    "extends-remove",
    "extends-order",
    "brand-unknown",
    "brand-file",
    "brand-schema",
    "brand-contrast",
)
"""Integrity checks reported outside the rule registry; `schema-*` and `yaml-*` are too."""
_INTEGRITY_PREFIXES = ("schema-", "yaml-", "rules-")
_BY_ID = {r.id: r for r in RULES}


@dataclass(frozen=True)
class Policy:
    """The severity of each advice rule for one playbook; None means off."""

    levels: Mapping[str, Severity | None] = field(default_factory=dict)

    def severity(self, rule: Rule) -> Severity | None:
        if not rule.is_advice:
            return rule.severity
        return self.levels.get(rule.id, rule.severity)

    def rules_at(self, severity: Severity) -> list[Rule]:
        """The registered rules this policy gives `severity`."""
        return [r for r in RULES if self.severity(r) is severity]

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics with each advice rule's severity set, and those of rules turned off dropped."""
        out = []
        for diagnostic in diagnostics:
            rule = _BY_ID.get(diagnostic.rule)
            level = self.severity(rule) if rule else diagnostic.severity
            if level is None:
                continue
            out.append(diagnostic if level is diagnostic.severity else replace(diagnostic, severity=level))
        return out


def _is_integrity(rule_id: str) -> bool:
    rule = _BY_ID.get(rule_id)
    if rule is not None:
        return not rule.is_advice
    return rule_id in OTHER_INTEGRITY or rule_id.startswith(_INTEGRITY_PREFIXES)


def policy_of(settings: Mapping[str, Any] | None) -> Policy:
    """The policy a manifest's `rules:` sets, ignoring what `read_policy` reports as wrong."""
    levels: dict[str, Severity | None] = {}
    for rule_id, level in (settings or {}).items():
        rule = _BY_ID.get(str(rule_id))
        if rule is not None and rule.is_advice and level in LEVELS:
            levels[rule.id] = None if level == "off" else Severity(level)
    return Policy(levels)


def read_policy(
    settings: Mapping[str, Any] | None, origins: Origins | None
) -> tuple[Policy, list[Diagnostic]]:
    """The policy, and a diagnostic for each entry naming an unknown rule or an integrity rule.

    The levels themselves are checked by the schema.
    """
    found: list[Diagnostic] = []
    known = [*_BY_ID, *OTHER_INTEGRITY]
    for rule_id in settings or {}:
        where = locate(origins, ("rules", rule_id), at_key=True) if origins else Location("")
        if _is_integrity(str(rule_id)):
            message = f"`{rule_id}` is an integrity rule: it is always an error and cannot be set"
            found.append(
                Diagnostic.at(where, Severity.ERROR, "rules-integrity", message, ("rules", str(rule_id)))
            )
        elif str(rule_id) not in _BY_ID:
            message = f"unknown rule `{rule_id}`{nearest_hint(rule_id, known)}"
            found.append(
                Diagnostic.at(where, Severity.ERROR, "rules-unknown", message, ("rules", str(rule_id)))
            )
    return policy_of(settings), found
