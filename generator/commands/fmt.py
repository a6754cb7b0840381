"""`playbook fmt`: rewrite playbook YAML in its canonical form, so diffs show only real changes."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path, sorted_diagnostics
from generator.core.project import find_project


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; list the files that would change and exit 1.")
def command(paths: tuple[Path, ...], check: bool) -> int:
    """Format playbook YAML files (default: everything under playbooks/), keeping comments."""
    from generator.authoring.fmt import format_file, yaml_files
    from generator.schema.schemas import load_schemas

    schemas = load_schemas()
    results = [
        format_file(path, schemas, check=check)
        for path in yaml_files(list(paths) or [find_project().playbooks])
    ]
    echo_diagnostics(sorted_diagnostics([r.diagnostic for r in results if r.diagnostic]))
    changed = [r.path for r in results if r.changed]
    for path in changed:
        if check:
            click.echo(f"{display_path(path)}: would reformat")
        else:
            report(f"reformatted {display_path(path)}\n")
    verb = "would be reformatted" if check else "reformatted"
    report(f"{len(changed)} file(s) {verb}, {len(results) - len(changed)} left as they were.\n")
    failed = any(r.diagnostic for r in results) or (check and changed)
    return 1 if failed else 0
