"""`playbook actuals`: measure the playbook's metrics, funnel and ICP evidence from the CRM exports."""

from __future__ import annotations

import datetime

import click

from generator.commands.output import echo_diagnostics, report
from generator.core.diagnostics import display_path
from generator.core.errors import InvalidInput, PlaybookError, UsageError


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a date written YYYY-MM-DD") from None


@click.command("actuals")
@click.argument("client")
@click.option(
    "--as-of", "as_of", callback=_date, metavar="DATE", help="The day to measure as of (default: today)."
)
@click.option(
    "--max-errors",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="Most row problems to print.",
)
def command(client: str, as_of: datetime.date | None, max_errors: int) -> int:
    """Measure CLIENT from the exports its data.yaml names; write actuals/<as-of>.yaml."""
    from generator.actuals.run import compute_actuals
    from generator.build.site import check, model
    from generator.core.atomic import write_atomic
    from generator.core.clock import today
    from generator.core.project import find_project
    from generator.load.locations import locate
    from generator.load.sources import find_client
    from generator.model.data import build_data
    from generator.schema.schemas import load_schemas

    validation = check(find_client(client, find_project().playbooks), load_schemas())
    playbook = model(validation)
    document = validation.playbook.documents.get("data")
    if document is None:
        raise UsageError(f"{client} has no data.yaml: it names the CRM exports `actuals` measures")
    folder = validation.playbook.folder.path
    spec = build_data(document.data, playbook.currency)
    day = as_of or today()
    result = compute_actuals(
        playbook, spec, folder, day, lambda path: locate(document.origins, path), max_errors
    )
    if result.diagnostics:
        if result.hidden:
            echo_diagnostics(result.diagnostics)
            report(f"error: {result.hidden} more problem(s) not shown (--max-errors {max_errors})\n")
            return 1
        raise InvalidInput(result.diagnostics)
    target = folder / "actuals" / f"{day.isoformat()}.yaml"
    try:
        write_atomic(target, result.text)
    except OSError as exc:
        raise PlaybookError(f"cannot write {display_path(target)}: {exc.strerror or exc}") from None
    report(f"Wrote {display_path(target)}\n")
    return 0
