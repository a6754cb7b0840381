"""Build many clients: in parallel processes, skipping unchanged ones, one failure never stopping the rest."""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.engines import Engine
from generator.errors import InvalidInput, PlaybookError, UsageError
from generator.inputs import input_hash, is_current
from generator.sources import PlaybookFolder


@dataclass(frozen=True)
class Outcome:
    """What happened to one client."""

    client: str
    status: str  # built, skipped, failed
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str = ""


def list_clients(playbooks: Path) -> list[PlaybookFolder]:
    """Every client playbook under `playbooks/` (templates are not clients)."""
    return [
        PlaybookFolder(p.resolve())
        for p in sorted(playbooks.iterdir())
        if p.is_dir() and p.name != "templates" and (p / "playbook.yaml").is_file()
    ]


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` as (K, N), with 1 <= K <= N."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f"--shard takes K/N, such as 2/8, not `{text}`") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}: K must be between 1 and N")
    return k, n


def in_shard(name: str, k: int, n: int) -> bool:
    """A stable share: the same client always lands in the same shard, whatever else is added."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % n == k - 1


def _build_one(path: str, output: str, strict: bool, stamp: str, engine: Engine) -> Outcome:
    folder = PlaybookFolder(Path(path))
    start = time.perf_counter()
    try:
        from generator.build import build_client  # not needed when every client is unchanged

        result = build_client(folder, Path(output), strict, stamp, engine)
    except InvalidInput as exc:
        return Outcome(folder.name, "failed", time.perf_counter() - start, exc.diagnostics)
    except PlaybookError as exc:
        return Outcome(folder.name, "failed", time.perf_counter() - start, error=str(exc))
    except Exception:  # a bug must not take the other clients down; it is reported as one
        return Outcome(folder.name, "failed", time.perf_counter() - start, error=traceback.format_exc())
    return Outcome(folder.name, "built", time.perf_counter() - start, result.warnings)


def build_many(
    clients: list[PlaybookFolder],
    output: Path,
    strict: bool,
    jobs: int | None,
    progress: Callable[[Outcome], None],
    engine: Engine,
) -> list[Outcome]:
    """Build every client that changed since its last build (or was built by another engine) with
    `engine`, `jobs` at a time (default: every core)."""
    output = output.resolve()
    outcomes: list[Outcome] = []
    todo: list[tuple[PlaybookFolder, str]] = []
    for folder in clients:
        digest = input_hash(folder, engine.fingerprint())
        if is_current(output / folder.name, digest):
            outcome = Outcome(folder.name, "skipped")
            outcomes.append(outcome)
            progress(outcome)
        else:
            todo.append((folder, digest))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if len(todo) <= 1 or workers == 1:
        for folder, digest in todo:
            outcomes.append(_build_one(str(folder.path), str(output), strict, digest, engine))
            progress(outcomes[-1])
        return outcomes
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_one, str(f.path), str(output), strict, d, engine) for f, d in todo]
        for future in as_completed(futures):
            outcomes.append(future.result())
            progress(outcomes[-1])
    return outcomes
