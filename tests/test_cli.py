"""The editors' command line: `python -m lotse check` and `coverage`."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SERVICES, write_content


def lotse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lotse", *args], cwd=ROOT, capture_output=True, text=True)


def test_check_clean_content_exits_zero(content_dir: Path) -> None:
    out = lotse("check", str(content_dir))
    assert out.returncode == 0
    assert out.stdout.splitlines()[-1] == "5 files checked: 0 errors, 0 warnings"


def test_check_prints_every_problem_and_exits_one(tmp_path: Path) -> None:
    broken = SERVICES.replace("category: recognition", "category: nope").replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}")
    root = write_content(tmp_path, broken)
    out = lotse("check", str(root))
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "services.yaml:32:5: error: unknown category 'nope'",
        "services.yaml:30:5: warning: missing translations (en: title)",
        "5 files checked: 1 error, 1 warning",
    ]


def test_check_survives_garbage(tmp_path: Path) -> None:
    tmp_path.joinpath("services.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    out = lotse("check", str(tmp_path))
    assert out.returncode == 1
    assert out.stdout.splitlines()[0] == "services.yaml:3:1: error: binary data (a NUL byte): this is not a YAML text file"
    assert "Traceback" not in out.stderr


def test_coverage_table_lists_languages(content_dir: Path) -> None:
    out = lotse("coverage", str(content_dir))
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["language", "categories", "target_groups", "organisations", "offices", "offers",
                                "guides", "pages", "overall"]
    assert lines[2].split()[0] == "de" and lines[2].split()[-1] == "100%"
