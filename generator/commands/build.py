"""`playbook build`: build client sites into site/<client>/ — one, several, or all of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.build.engines import DEFAULT_ENGINE, ENGINES, Engine
from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path
from generator.core.errors import UsageError
from generator.core.project import find_project

if TYPE_CHECKING:  # the build modules are imported when a build runs, not for --help
    from generator.load.sources import PlaybookFolder
    from generator.publish.fleet import Outcome


def _progress(outcome: Outcome) -> None:
    mark = {"built": "✓", "skipped": "·", "failed": "✗"}[outcome.status]
    detail = "unchanged" if outcome.status == "skipped" else f"{outcome.seconds:.1f}s"
    problems = sum(d.is_error for d in outcome.diagnostics)
    if outcome.status == "failed":
        detail += f", {problems} error(s)" if problems else ", build error"
    elif outcome.diagnostics:
        detail += f", {len(outcome.diagnostics)} warning(s)"
    report(f"  {mark} {outcome.client:<28} {detail}\n")
    for note in outcome.notes:
        report(f"    note: {note}\n")


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
    help="Folder that receives <client>/ (default: the project's site/).",
)
@click.option("--strict", is_flag=True, help="Treat playbook warnings as errors.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build despite advice and reference errors, every page marked as a draft (never published).",
)
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
    output: Path | None,
    strict: bool,
    draft: bool,
    versions: bool,
    engine: str,
) -> int:
    """Build each CLIENT's site (or --all of them) into OUTPUT/<client>/."""
    from generator.load.sources import find_client
    from generator.publish.fleet import build_many, in_shard, list_clients, parse_shard

    chosen = ENGINES[engine]  # the one engine every build below uses

    if build_all == bool(clients):
        raise UsageError("name the clients to build, or use --all")
    if shard and not build_all:
        raise UsageError("--shard goes with --all")
    if draft and (versions or build_all or strict):
        raise UsageError(
            "--draft builds named clients as drafts; it goes with none of --versions, --all, --strict"
        )
    project = find_project()
    output = output or project.site
    if build_all:
        folders = list_clients(project.playbooks)
    else:
        folders = [find_client(name, project.playbooks) for name in clients]
    if shard:
        k, n = parse_shard(shard)
        folders = [f for f in folders if in_shard(f.name, k, n)]
    if versions:
        if build_all:
            raise UsageError("--versions builds named clients; it does not go with --all")
        return _build_versions(folders, output, strict, chosen)
    if not build_all:
        return _build_each(folders, output, strict, chosen, draft)
    outcomes = build_many(folders, output, strict, jobs, _progress, chosen)
    failed = [o for o in outcomes if o.status == "failed"]
    for outcome in outcomes:  # a built client's warnings too, as a single build prints them
        echo_diagnostics(outcome.diagnostics)
    for outcome in failed:
        if outcome.error:
            report(f"error: {outcome.client}: {outcome.error.rstrip()}\n")
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
    report(f"Built {counts['built']}, skipped {counts['skipped']} unchanged, failed {counts['failed']}.\n")
    return 1 if failed else 0


def _build_each(
    folders: list[PlaybookFolder], output: Path, strict: bool, engine: Engine, draft: bool = False
) -> int:
    from generator.build.inputs import build_key
    from generator.publish.client import build_client

    for folder in folders:
        key = build_key(folder, strict, engine)
        result = build_client(folder, output, strict, key, engine, draft=draft)
        for note in result.notes:
            report(f"note: {note}\n")
        echo_diagnostics(result.warnings)
        what = "a draft of " if draft else ""
        report(f"Built {what}{result.client}: {display_path(result.site / 'index.html')}\n")
    return 0


def _build_versions(folders: list[PlaybookFolder], output: Path, strict: bool, engine: Engine) -> int:
    from generator.publish.versions import publish_versions

    for folder in folders:
        result = publish_versions(folder, output, strict, engine)
        for note in result.notes:
            report(f"note: {note}\n")
        echo_diagnostics(result.warnings)
        report(f"Built every version of {folder.name}: {display_path(result.site / 'index.html')}\n")
    return 0
