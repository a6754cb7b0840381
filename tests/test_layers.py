"""The stages stay layered: no package imports one of a later stage."""

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
# Each package may import itself and any package before it, never one after it.
ORDER = [
    "core",
    "load",
    "schema",
    "resolve",
    "validate",
    "model",
    # The CRM exporters read only the model; the site shows each stage's CRM settings from them.
    "crm",
    "actuals",
    "render",
    "diff",
    "build",
    "publish",
    "authoring",
    "commands",
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[1] for a in node.names if a.name.startswith("generator."))
    return names


def test_every_package_is_a_known_stage():
    packages = {p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_no_import_of_a_later_stage(package):
    allowed = set(ORDER[: ORDER.index(package) + 1])
    wrong = {
        f"{path.relative_to(GENERATOR)} imports {name}"
        for path in (GENERATOR / package).rglob("*.py")
        for name in _imports(path) - allowed
        if name in ORDER
    }
    assert not wrong, sorted(wrong)
