"""`playbook show`: the merged playbook, with where each value came from."""

from __future__ import annotations

import click

from generator.core.documents import DOCUMENTS


@click.command("show")
@click.argument("client")
@click.option(
    "--resolved/--own",
    default=True,
    show_default=True,
    help="The playbook merged with its templates, or only what the client's own files hold.",
)
@click.option(
    "-d", "--document", type=click.Choice([d.name for d in DOCUMENTS]), help="Show this document only."
)
def command(client: str, resolved: bool, document: str | None) -> int:
    """Print CLIENT's playbook as YAML, each value followed by its file and line."""
    from generator.authoring.show import show_documents
    from generator.core.diagnostics import display_path
    from generator.core.errors import InvalidInput, PlaybookError
    from generator.core.project import find_project
    from generator.load.locations import FileOrigins
    from generator.load.sources import find_client, load_folder
    from generator.resolve.merge import Document, resolve
    from generator.schema.schemas import load_schemas

    folder = find_client(client, find_project().playbooks)
    playbook = resolve(folder, load_schemas())
    errors = [d for d in playbook.diagnostics if d.is_error]
    if errors:
        raise InvalidInput(errors)
    if resolved:
        documents, chain = playbook.documents, [f.name for f in playbook.chain]
    else:
        files = load_folder(folder).files
        documents = {n: Document(n, f.data, FileOrigins(f.source)) for n, f in files.items()}
        chain = [folder.name]
    names = [document] if document else [d.name for d in DOCUMENTS if d.name in documents]
    if document and document not in documents:
        where = "merged playbook" if resolved else f"{display_path(folder.path)}/"
        raise PlaybookError(f"the {where} has no `{document}` document")
    click.echo(show_documents([documents[n] for n in names], chain), nl=False)
    return 0
