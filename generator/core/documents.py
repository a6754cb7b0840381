"""The documents of the content model: names, titles and which a playbook needs.

Kept apart from the Cerberus schemas, so that finding files and hashing inputs stay light.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentType:
    """One document of the content model: its file, its title, and whether a playbook needs it."""

    name: str
    title: str
    required: bool = True
    engagement: bool = False  # required only in an engagement playbook and in templates

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"


DOCUMENTS: tuple[DocumentType, ...] = (
    DocumentType("playbook", "Manifest"),
    DocumentType("icp", "Ideal customer profiles", engagement=True),
    DocumentType("stages", "Sales process"),
    # A company's own playbook (no `engagement`) holds what the company wrote down, nothing invented.
    DocumentType("ramp", "Onboarding ramp plans", engagement=True),
    DocumentType("milestones", "Engagement plan", engagement=True),
    DocumentType("failure_modes", "Failure modes", engagement=True),
    # The operating system the CRO leaves behind; optional, so older playbooks stay valid.
    DocumentType("metrics", "Metrics dictionary", required=False),
    DocumentType("cadence", "Operating cadence", required=False),
    DocumentType("roles", "Roles and compensation", required=False),
    DocumentType("audit", "Revenue audit", required=False),
    DocumentType("transfer", "Transfer plan", required=False),
)
DOCUMENTS_BY_NAME = {doc.name: doc for doc in DOCUMENTS}
BRAND = "brand"
"""The schema of site_config/brands/<name>.yml, which is not a playbook document."""
