"""`playbook migrate`: rewrite deprecated fields to the ones that replace them, keeping comments."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path, sorted_diagnostics


@click.command("migrate")
@click.argument("targets", nargs=-1, required=True)
@click.option(
    "--check", is_flag=True, help="Change nothing; list what would change and exit 1 if anything would."
)
def command(targets: tuple[str, ...], check: bool) -> int:
    """Rewrite each CLIENT's (or PATH's) deprecated fields in the current form, formatted as `fmt` does."""
    from generator.authoring.fmt import yaml_files
    from generator.authoring.migrate import migrate_file
    from generator.load.sources import find_client
    from generator.schema.schemas import load_schemas

    schemas = load_schemas()
    paths = [Path(t) if Path(t).exists() else find_client(t).path for t in targets]
    results = [migrate_file(path, schemas, check=check) for path in yaml_files(paths)]
    echo_diagnostics(sorted_diagnostics([r.diagnostic for r in results if r.diagnostic]))
    changed = [r for r in results if r.changes]
    for result in changed:
        for line, change in result.changes:
            verb = "would rewrite" if check else "rewrote"
            click.echo(f"{display_path(result.path)}:{line}: {verb} {change}")
    verb = "would be migrated" if check else "migrated"
    report(f"{len(changed)} file(s) {verb}, {len(results) - len(changed)} left as they were.\n")
    failed = any(r.diagnostic for r in results) or (check and changed)
    return 1 if failed else 0
