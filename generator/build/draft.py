"""Draft builds: a site from a playbook that still has advice or reference errors, marked as a draft.

A draft shows a process while it is being written down. It is built only when every file loaded
and matched its schema, and the model could be built from it: a reference to an unknown stage
leaves a gap on a page, a YAML or type error would leave the model wrong. A draft is never
exported or versioned, and its marker says it is one, so no cache takes it for a real build.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.build.site import Checked, model
from generator.core.diagnostics import Diagnostic
from generator.core.errors import InvalidInput, UsageError
from generator.load.sources import PlaybookFolder
from generator.model.playbook import Playbook
from generator.schema.schemas import SchemaSet
from generator.validate.folder import validate_folder

_BLOCKING_PREFIXES = ("yaml-", "schema-", "document-", "extends-")
"""Errors that stop even a draft: a file not loaded, not typed, missing, or a template not found."""
_BLOCKING = frozenset({"brand-unknown", "brand-file", "brand-schema"})
"""A brand that cannot be read would leave the site without its colours and logo."""


def blocks_draft(diagnostic: Diagnostic) -> bool:
    """Whether an error stops a draft build as it stops a real one."""
    rule = diagnostic.rule
    return diagnostic.is_error and (rule.startswith(_BLOCKING_PREFIXES) or rule in _BLOCKING)


def check_draft(folder: PlaybookFolder, schemas: SchemaSet) -> Checked:
    """A validation a draft can be built from; otherwise every diagnostic is raised as InvalidInput."""
    validation = validate_folder(folder, schemas)
    if any(blocks_draft(d) for d in validation.diagnostics):
        raise InvalidInput(validation.diagnostics)
    return validation


def _failing(validation: Checked, error: Exception) -> InvalidInput:
    """The playbook's own errors in place of a failure they caused: a model or a page they broke,
    or a link the engine refuses (to the page of an unknown metric, say)."""
    if isinstance(error, InvalidInput | UsageError) or not validation.failed():
        raise error  # its own diagnostics, a misuse, or a failure of a playbook without errors
    return InvalidInput(validation.diagnostics)


def draft_model(validation: Checked) -> Playbook:
    """The model of a draft; a playbook whose errors would break the model fails with them instead."""
    try:
        return model(validation)
    except Exception as error:  # the model assumes valid references; a gap it cannot hold is an error
        raise _failing(validation, error) from error


def draft_render(validation: Checked, build: Callable[[], None]) -> None:
    """Run a draft's render and build; a page its errors would break fails with them instead."""
    try:
        build()
    except Exception as error:
        raise _failing(validation, error) from error
