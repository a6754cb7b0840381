"""HANDOFF.md: what the archive holds and how to reinstall, change and rebuild it, as plain Markdown.

It is read as text (an editor, a file viewer) as often as rendered, so values are escaped with
backslashes, never with HTML entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import DISTRIBUTION, __version__
from generator.core.documents import document_title
from generator.model.playbook import Playbook
from generator.publish.distribution import LOCK, wheel_name
from generator.render.environment import make_environment
from generator.validate.folder import Validation

# Characters Markdown or HTML could read as syntax; `-` and digits only matter at a line start,
# where no value is printed.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def markdown_text(value: Any) -> str:
    """A value as literal Markdown text: one line, specials backslash-escaped."""
    if isinstance(value, Markup):
        return str(value)
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def code_span(text: str) -> Markup:
    """`text` as a Markdown code span (no escaping inside one), or escaped text if it cannot be one."""
    if "`" in text or "\n" in text:
        return Markup(markdown_text(text))
    return Markup(f"`{text}`")


@dataclass(frozen=True)
class Install:
    """How the archive's tool is reinstalled: with its dependencies' wheels, or from the registry."""

    offline: bool
    platform: str = ""

    @property
    def tool_wheel(self) -> str:
        return f"wheels/{wheel_name()}"

    @property
    def commands(self) -> list[str]:
        local = "--no-index --find-links wheels/ " if self.offline else ""
        return [
            "python3 -m venv .venv",
            f".venv/bin/pip install {local}--require-hashes -r {LOCK}",
            f".venv/bin/pip install {local.replace('--find-links wheels/ ', '')}--no-deps {self.tool_wheel}",
        ]


def _parts(playbook: Playbook, validation: Validation) -> list[dict[str, str]]:
    parts = []
    for name, document in validation.playbook.documents.items():
        data = document.data
        title = document_title(name)
        owner = playbook.role_title(data["owner"]) if data.get("owner") else "—"
        interval = f"{data['review_interval_days']} days" if data.get("review_interval_days") else "—"
        parts.append({"title": title, "owner": owner, "interval": interval})
    return parts


def handoff(
    validation: Validation, playbook: Playbook, versions: list[str], install: Install, files: list[str]
) -> str:
    """The text of HANDOFF.md for a checked playbook and its model; `files` are the archive's entries outside site/."""
    chain = [f.name for f in validation.playbook.chain if f.is_template]
    deliverables = [
        {
            "name": d.name,
            "owner": playbook.role_title(d.owner_after),
        }
        for d in playbook.deliverables
    ]
    # No bytecode cache: compiled templates do not record the escaping they were compiled with.
    env = make_environment().overlay(autoescape=False, finalize=markdown_text, bytecode_cache=None)
    return env.get_template("handoff.md.j2").render(
        name=playbook.name,
        slug=playbook.slug,
        version=playbook.version,
        engagement=playbook.engagement,
        versions=versions,
        templates=chain,
        brand=playbook.brand,
        parts=_parts(playbook, validation),
        deliverables=deliverables,
        distribution=DISTRIBUTION,
        tool_version=__version__,
        install=install,
        commands=[Markup(c) for c in install.commands],
        files=[code_span(f) for f in files],
        platform=code_span(install.platform),
    )
