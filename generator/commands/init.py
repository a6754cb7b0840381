"""`playbook init`: create a playbook project in a folder (the current one by default)."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def command(directory: Path) -> int:
    """Create a project in DIRECTORY: playbooks/, site_config/, pre-commit and CI configuration."""
    from generator.authoring.project_init import init_project
    from generator.core.resources import BUILTIN_TEMPLATES

    made = init_project(directory)
    lines = [f"Initialised a playbook project in {display_path(made.root)}/"]
    lines += [f"  {display_path(p)}" for p in made.written]
    lines += [f"  {display_path(p)} (kept: it already existed)" for p in made.kept]
    templates = ", ".join(sorted(p.parent.name for p in BUILTIN_TEMPLATES.glob("*/playbook.yaml")))
    lines.append(f"Next: `playbook new CLIENT --template NAME` (built-in templates: {templates}).")
    report("\n".join(lines) + "\n")
    return 0
