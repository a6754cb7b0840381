"""Rules on the revenue audit."""

from __future__ import annotations

from collections.abc import Iterator

from generator.validate.rules.base import ADVICE, Context, Finding, rule


@rule(
    "audit-finding-milestone",
    ADVICE,
    ("audit",),
    "A high or critical audit finding names the milestone that fixes it (`fixed_by`).",
    "A serious finding with no owner and no date is a complaint, not a diagnosis; the sponsor will ask what is being done about it.",
)
def audit_finding_milestone(ctx: Context) -> Iterator[Finding]:
    for i, finding in enumerate(ctx.doc("audit")["findings"]):
        if finding["severity"] in ("high", "critical") and "fixed_by" not in finding:
            message = f"{finding['severity']} finding `{finding['id']}` names no milestone that fixes it (`fixed_by`)"
            yield Finding("audit", ("findings", i, "severity"), message)
