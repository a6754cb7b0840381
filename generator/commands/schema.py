"""`playbook schema`: the field reference generated from schemas/, or JSON Schemas for editors."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.output import report
from generator.core.diagnostics import display_path

JSON_SCHEMA_DIR = Path("schemas") / "json"


@click.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file instead of standard output; with --json-schema, to this folder "
    f"(default: {JSON_SCHEMA_DIR}).",
)
@click.option(
    "--json-schema",
    is_flag=True,
    help="Write one JSON Schema per document (<document>.schema.json), for editor completion.",
)
def command(output: Path | None, json_schema: bool) -> int:
    """Print the field reference of every document, generated from schemas/."""
    from generator.render.field_reference import render_markdown
    from generator.schema.schemas import load_schemas

    if json_schema:
        from generator.authoring.jsonschema_export import write_json_schemas

        written = write_json_schemas(load_schemas(), output or JSON_SCHEMA_DIR)
        report(f"Wrote {len(written)} JSON Schemas to {display_path(output or JSON_SCHEMA_DIR)}/\n")
        return 0
    text = render_markdown(load_schemas())
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    return 0
