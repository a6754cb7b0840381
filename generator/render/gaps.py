"""What a playbook leaves unsaid: the optional facts it does not state, for the health page.

A company's own process, written down as it is, often has no probabilities, no evidence for its
criteria, no framework. The site says so here instead of inventing them elsewhere.
"""

from __future__ import annotations

from generator.core.documents import DOCUMENTS
from generator.model.playbook import Playbook


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def gaps(playbook: Playbook) -> list[str]:
    """One sentence per kind of missing fact, in a fixed order."""
    out = []
    absent = [d for d in DOCUMENTS if not playbook.has_document(d.name)]
    if playbook.engagement is None and not playbook.is_template:
        out.append(
            "No engagement: this is the company's own playbook, with no CRO engagement, plan or hand-over."
        )
    for doc in absent:
        if doc.engagement or doc.required:
            out.append(f"No {doc.title.lower()} (`{doc.filename}`).")
    if playbook.has_document("icp") and not playbook.segments:
        out.append("No ICP segments: the ICP is a fit score only.")
    if playbook.scoring and not playbook.scoring.bands:
        out.append("A fit score with no bands: the page does not say what the team does at each score.")
    if playbook.scoring and playbook.scoring.threshold is None:
        out.append("A fit score with no threshold: no score from which an account is worked.")
    if not playbook.framework.elements:
        out.append("No qualification framework.")
    elif missing := [e.id for e in playbook.framework.elements if not e.definition]:
        out.append(f"Framework elements with no definition: {_ids(missing)}.")
    if missing := [s.id for s in playbook.stages if s.probability is None]:
        out.append(f"Stages with no win probability: {_ids(missing)}.")
    if missing := [s.id for s in playbook.stages if s.category == "open" and s.expected_days is None]:
        out.append(f"Open stages with no expected days: {_ids(missing)}.")
    criteria = [
        f"{s.id}/{c.id}"
        for s in playbook.stages
        for c in (leaf for c in (*s.entry_criteria, *s.exit_criteria) for leaf in c.leaves)
        if not c.evidence
    ]
    if criteria:
        out.append(f"Criteria with no evidence named: {_ids(criteria)}.")
    periods = [
        f"{plan.role}/{p.id}" for plan in playbook.ramp for p in plan.periods if p.quota_fraction is None
    ]
    if periods:
        out.append(f"Ramp periods with no quota fraction: {_ids(periods)}.")
    certifications = [c for plan in playbook.ramp for p in plan.periods for c in p.certifications]
    unstated = [
        c.id
        for c in certifications
        if not c.assessors or (c.pass_mark is None and c.pass_points is None) or not (c.rubric or c.scorecard)
    ]
    if missing := unstated:
        out.append(f"Certifications with no assessor, pass mark or rubric: {_ids(missing)}.")
    meetings = playbook.operating.meetings
    if missing := [m.id for m in meetings if m.minutes is None]:
        out.append(f"Meetings with no length: {_ids(missing)}.")
    items = [f"{m.id}/{n}" for m in meetings for n, item in enumerate(m.agenda, 1) if item.minutes is None]
    if items:
        out.append(f"Agenda items with no minutes: {_ids(items)}.")
    return out
