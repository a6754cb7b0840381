"""Build many clients: in parallel processes, skipping unchanged ones, one failure never stopping the rest."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.build.engines import DEFAULT_ENGINE, ENGINES, Engine
from generator.build.inputs import build_key, is_current
from generator.core.diagnostics import Diagnostic
from generator.core.errors import Interrupted, InvalidInput, PlaybookError, UsageError
from generator.load.sources import PlaybookFolder


@dataclass(frozen=True)
class Outcome:
    """What happened to one client."""

    client: str
    status: str  # built, skipped, failed
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str = ""
    notes: list[str] = field(default_factory=list)


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


def _build_one(path: str, output: str, strict: bool, key: str, engine: str) -> Outcome:
    """One client's build; the engine travels by name, so workers look it up in the registry."""
    folder = PlaybookFolder(Path(path))
    start = time.perf_counter()
    try:
        from generator.publish.client import build_client  # not needed when every client is unchanged

        result = build_client(folder, Path(output), strict, key, ENGINES[engine])
    except Interrupted:
        raise  # stops the whole run, not only this client
    except InvalidInput as exc:
        return Outcome(folder.name, "failed", time.perf_counter() - start, exc.diagnostics)
    except PlaybookError as exc:
        return Outcome(folder.name, "failed", time.perf_counter() - start, error=str(exc))
    except Exception:  # a bug must not take the other clients down; it is reported as one
        return Outcome(folder.name, "failed", time.perf_counter() - start, error=traceback.format_exc())
    return Outcome(folder.name, "built", time.perf_counter() - start, result.warnings, notes=result.notes)


_stopping: list[int] = []
"""In a worker: the signal that stopped it. A stopped worker starts no further build, even one
the pool had already handed it."""


def _raise_interrupted(signum: int, frame: object) -> None:
    _stopping.append(signum)
    raise Interrupted(signum)


def _in_worker(path: str, output: str, strict: bool, key: str, engine: str) -> Outcome:
    """A build in a worker process: SIGTERM stops it cleanly (its staging folder removed)."""
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        if _stopping:
            raise Interrupted(_stopping[0])
        return _build_one(path, output, strict, key, engine)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # an idle worker just ends


def _worker_signals() -> None:
    # Ctrl+C reaches the whole process group: the parent alone decides, and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _result(future: Future[Outcome], client: str) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(client, "failed", error="the build process ended unexpectedly")


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """While the run winds down, a second Ctrl+C must not abandon the workers half-stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def _stop(pool: ProcessPoolExecutor, futures: Collection[Future[Outcome]]) -> None:
    """Cancel the queued builds, stop the running ones, and wait until every worker has ended."""
    for future in futures:
        future.cancel()
    for child in multiprocessing.active_children():
        child.terminate()  # SIGTERM: a building worker removes its staging folder, an idle one ends
    pool.shutdown(wait=True, cancel_futures=True)


def _stopped(exc: BaseException, todo: list[tuple[PlaybookFolder, str]], output: Path) -> Interrupted:
    """The interruption, saying exactly which clients were published before it and which not.

    Decided from the published sites themselves (their marker holds this run's key), not from
    what the workers managed to report.
    """
    signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    published = [f.name for f, key in todo if is_current(output / f.name, key)]
    rest = [f.name for f, _ in todo if f.name not in published]
    summary = f"published: {', '.join(published) or 'none'}"
    if rest:
        summary += f"; not published, the previous site of each is unchanged: {', '.join(rest)}"
    return Interrupted(signum, summary)


def build_many(
    clients: list[PlaybookFolder],
    output: Path,
    strict: bool,
    jobs: int | None,
    progress: Callable[[Outcome], None],
    engine: Engine = DEFAULT_ENGINE,
) -> list[Outcome]:
    """Build every client that changed since its last build (or was built by another engine or
    with other options) with `engine`, `jobs` at a time (default: every core).

    A signal stops the queued clients and the running ones, and raises Interrupted naming the
    clients published before it.
    """
    output = output.resolve()
    outcomes: list[Outcome] = []
    todo: list[tuple[PlaybookFolder, str]] = []
    for folder in clients:
        key = build_key(folder, strict, engine)
        if is_current(output / folder.name, key):
            outcome = Outcome(folder.name, "skipped")
            outcomes.append(outcome)
            progress(outcome)
        else:
            todo.append((folder, key))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    try:
        if len(todo) <= 1 or workers == 1:
            for folder, key in todo:
                outcomes.append(_build_one(str(folder.path), str(output), strict, key, engine.name))
                progress(outcomes[-1])
            return outcomes
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals) as pool:
            futures = {
                pool.submit(_in_worker, str(f.path), str(output), strict, k, engine.name): f.name
                for f, k in todo
            }
            try:
                for future in as_completed(futures):
                    outcomes.append(_result(future, futures[future]))
                    progress(outcomes[-1])
            except BaseException:
                with _signals_ignored():
                    _stop(pool, futures)
                raise
    except (Interrupted, KeyboardInterrupt) as exc:
        raise _stopped(exc, todo, output) from None
    return outcomes
