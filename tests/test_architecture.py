"""The domain package never depends on streamlit, so CLI, tests and benchmarks can use it."""

import ast
import subprocess
import sys

from conftest import ROOT


def test_lotse_modules_do_not_import_streamlit() -> None:
    offenders = []
    for path in sorted((ROOT / "lotse").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_importing_every_lotse_module_loads_no_streamlit() -> None:
    modules = [p.stem for p in (ROOT / "lotse").glob("*.py") if p.stem != "__main__"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('lotse.' + m)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
