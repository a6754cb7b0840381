"""`playbook build`: build client sites into site/<client>/ — one, several, or all of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.output import echo_diagnostics, report
from generator.diagnostics import display_path
from generator.engines import DEFAULT_ENGINE, ENGINES, Engine
from generator.errors import UsageError
from generator.paths import PLAYBOOKS_DIR, SITE_DIR

if TYPE_CHECKING:  # the build modules are imported when a build runs, not for --help
    from generator.fleet import Outcome
    from generator.sources import PlaybookFolder


def _progress(outcome: Outcome) -> None:
    mark = {"built": "✓", "skipped": "·", "failed": "✗"}[outcome.status]
    detail = "unchanged" if outcome.status == "skipped" else f"{outcome.seconds:.1f}s"
    problems = sum(d.is_error for d in outcome.diagnostics)
    if outcome.status == "failed":
        detail += f", {problems} error(s)" if problems else ", build error"
    report(f"  {mark} {outcome.client:<28} {detail}\n")


@click.command("build")
@click.argument("clients", nargs=-1)
@click.option("--all", "build_all", is_flag=True, help="Build every client under playbooks/.")
@click.option(
    "--shard", metavar="K/N", help="With --all: build only the K-th of N stable shares of the clients."
)
@click.option(
    "-j", "--jobs", type=click.IntRange(1), help="Parallel builds with --all (default: every core)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=SITE_DIR,
    show_default=True,
    help="Folder that receives <client>/.",
)
@click.option("--strict", is_flag=True, help="Treat playbook warnings as errors.")
@click.option(
    "--versions", is_flag=True, help="Build every release tag <client>/v<semver> into <client>/<version>/."
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default=DEFAULT_ENGINE.name,
    show_default=True,
    help="The static-site engine: MkDocs with Material, or its successor Zensical.",
)
def command(
    clients: tuple[str, ...],
    build_all: bool,
    shard: str | None,
    jobs: int | None,
    output: Path,
    strict: bool,
    versions: bool,
    engine: str,
) -> int:
    """Build each CLIENT's site (or --all of them) into OUTPUT/<client>/."""
    from generator.fleet import build_many, in_shard, list_clients, parse_shard
    from generator.sources import find_client

    chosen = ENGINES[engine]  # the one engine every build below uses

    if build_all == bool(clients):
        raise UsageError("name the clients to build, or use --all")
    if shard and not build_all:
        raise UsageError("--shard goes with --all")
    folders = list_clients(PLAYBOOKS_DIR) if build_all else [find_client(name) for name in clients]
    if shard:
        k, n = parse_shard(shard)
        folders = [f for f in folders if in_shard(f.name, k, n)]
    if versions:
        if build_all:
            raise UsageError("--versions builds named clients; it does not go with --all")
        return _build_versions(folders, output, strict, chosen)
    if not build_all:
        return _build_each(folders, output, strict, chosen)
    outcomes = build_many(folders, output, strict, jobs, _progress, chosen)
    failed = [o for o in outcomes if o.status == "failed"]
    for outcome in failed:
        echo_diagnostics(outcome.diagnostics)
        if outcome.error:
            report(f"error: {outcome.client}: {outcome.error.rstrip()}\n")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    report(f"Built {counts['built']}, skipped {counts['skipped']} unchanged, failed {counts['failed']}.\n")
    return 1 if failed else 0


def _build_each(folders: list[PlaybookFolder], output: Path, strict: bool, engine: Engine) -> int:
    from generator.build import build_client
    from generator.inputs import input_hash

    for folder in folders:
        result = build_client(folder, output, strict, input_hash(folder, engine.fingerprint()), engine)
        echo_diagnostics(result.warnings)
        report(f"Built {result.client}: {display_path(result.site / 'index.html')}\n")
    return 0


def _build_versions(folders: list[PlaybookFolder], output: Path, strict: bool, engine: Engine) -> int:
    from generator.versions import build_versions

    for folder in folders:
        site = build_versions(folder, output, strict, engine)
        report(f"Built every version of {folder.name}: {display_path(site / 'index.html')}\n")
    return 0
