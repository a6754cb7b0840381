"""What every CRM exporter shares: the stages it exports, where each was written, and the atomic write."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.atomic import write_atomic
from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.load.locations import Origins, locate
from generator.model.playbook import Pipeline, Playbook, Stage

# Stages a CRM carries: administrative stages sit outside the funnel, and only active stages are
# in use (draft and proposed changes are not decided, retired ones are gone).
EXPORTED_CATEGORIES = ("open", "won", "lost", "disqualified")


def is_exported(stage: Stage) -> bool:
    return stage.category in EXPORTED_CATEGORIES and stage.status == "active"


@dataclass(frozen=True)
class PlacedStage:
    """A stage with the place in the playbook where it is written."""

    stage: Stage
    path: tuple[object, ...]  # its path in the stages document


@dataclass(frozen=True)
class PlacedPipeline:
    pipeline: Pipeline
    label: str  # the pipeline's label, or the playbook's name for a playbook that writes `stages:`
    slug: str  # a file name: the pipeline's id, or the playbook's slug
    path: tuple[object, ...]
    stages: tuple[PlacedStage, ...]
    retired: tuple[PlacedStage, ...] = ()  # stages the playbook retired, which a CRM may still offer


@dataclass(frozen=True)
class CrmSource:
    """The typed playbook with the origins of its stages document, so diagnostics point at lines."""

    playbook: Playbook
    origins: Origins

    def pipelines(self) -> tuple[PlacedPipeline, ...]:
        """Each pipeline with the stages a CRM carries, in the playbook's order."""
        placed = []
        single = len(self.playbook.pipelines) == 1 and not self.playbook.pipelines[0].id
        for p_index, pipeline in enumerate(self.playbook.pipelines):
            path: tuple[object, ...] = () if single else ("pipelines", p_index)
            stages = tuple(
                PlacedStage(stage, (*path, "stages", s_index))
                for s_index, stage in enumerate(pipeline.stages)
                if is_exported(stage)
            )
            retired = tuple(
                PlacedStage(stage, (*path, "stages", s_index))
                for s_index, stage in enumerate(pipeline.stages)
                if stage.status == "retired"
            )
            label = pipeline.label or self.playbook.name
            slug = pipeline.id or self.playbook.slug
            placed.append(PlacedPipeline(pipeline, label, slug, path, stages, retired))
        return tuple(placed)

    def at(self, path: tuple[object, ...]) -> Location:
        return locate(self.origins, path)


def error(source: CrmSource, path: tuple[object, ...], rule: str, message: str) -> Diagnostic:
    return Diagnostic(source.at(path), Severity.ERROR, rule, message)


@dataclass(frozen=True)
class Exported:
    """An exporter's answer: diagnostics, or the files to write (relative path → bytes)."""

    diagnostics: tuple[Diagnostic, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()


Exporter = Callable[[CrmSource], Exported]


def as_json(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, two-space indentation, a trailing newline."""
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_files(files: tuple[tuple[str, bytes], ...], folder: Path) -> list[Path]:
    """Write each file whole or not at all (core/atomic.py)."""
    written = []
    for name, data in files:
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written
