"""`actuals`: read data.yaml's exports, check them, measure the playbook, and give the snapshot's text."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.actuals.exports import Locate, read_exports
from generator.actuals.measure import measure
from generator.actuals.snapshot import render
from generator.core.diagnostics import Diagnostic
from generator.model.data import DataSpec
from generator.model.playbook import Playbook


@dataclass(frozen=True)
class Actuals:
    """The snapshot's text, or the diagnostics that stopped it (and how many more were not shown)."""

    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hidden: int = 0


def compute_actuals(
    playbook: Playbook, spec: DataSpec, folder: Path, as_of: datetime.date, locate: Locate, max_errors: int
) -> Actuals:
    """The snapshot of `playbook` as of `as_of`, from the exports data.yaml names under `folder`."""
    exports = read_exports(folder, spec, playbook, locate, max_errors)
    try:
        if exports.diagnostics:
            return Actuals(diagnostics=exports.diagnostics, hidden=exports.hidden)
        figures, problems = measure(exports, playbook, spec, as_of, locate)
        if problems:
            return Actuals(diagnostics=problems)
        snapshot: dict[str, Any] = {
            "as_of": as_of,
            "client": folder.name,
            "min_deals": spec.min_deals,
            "currency": spec.currency,
            "cycle_from": "qualified" if exports.has_history else "created",
            "sources": [
                {"name": f.name, "file": f.file, "rows": f.rows, "sha256": f.sha256} for f in exports.files
            ],
            **figures,
        }
        return Actuals(text=render(snapshot))
    finally:
        exports.con.close()
