"""`playbook schema`: the field reference generated from schemas/."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("schema")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output."
)
def command(output: Path | None) -> int:
    """Print the field reference of every document, generated from schemas/."""
    from generator.field_reference import render_markdown
    from generator.schema import load_schemas

    text = render_markdown(load_schemas())
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    return 0
