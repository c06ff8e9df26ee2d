"""Dependencies point one way: estate uses resources, client and models; nothing imports estate;
only estate/program.py (deploy) imports Pulumi, so the document tools run without it."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "provider" / "pulumi_sig"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_nothing_outside_estate_imports_it() -> None:
    offenders = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if "estate" not in path.parts
                 and any(m.startswith("pulumi_sig.estate") for m in imported_modules(path))]
    assert offenders == []


def test_only_the_program_imports_pulumi() -> None:
    for path in (PACKAGE / "estate").glob("*.py"):
        pulumi_imports = {m for m in imported_modules(path) if m == "pulumi" or m.startswith("pulumi.")}
        assert path.name == "program.py" or not pulumi_imports, path.name
        assert path.name == "program.py" or "pulumi_sig.resources" not in imported_modules(path), path.name
