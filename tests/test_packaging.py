"""Set-up a newcomer relies on: matching dependency lists, a fast and lazy import, make targets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_takes_every_library_from_pyproject() -> None:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert {_name(d) for d in conda} == {"python", "pip"}, "conda provides only Python and pip"
    python = next(d for d in conda if _name(d) == "python")
    assert python.replace(" ", "") == "python" + project["requires-python"].replace(" ", "")
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e .[test]"]
    assert project["dependencies"] and project["optional-dependencies"]["test"]


def test_environment_yml_uses_conda_forge() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]


def test_import_iopkit_loads_no_heavy_library() -> None:
    code = (
        "import sys, iopkit, iopkit.placement, iopkit.schedule, iopkit.cli;"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'jupyter_core', 'jupyterlab',"
        " 'IPython', 'nbformat') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plain_import_iopkit_does_not_even_load_pydantic_or_yaml() -> None:
    code = (
        "import sys, iopkit;print([m for m in ('pydantic', 'yaml', 'ruamel') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_makefile_has_the_readme_commands() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "workshop", "notebooks", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert "--allow-root" in makefile


def test_ci_runs_make_test() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_states_the_two_commands_and_the_educational_use() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "not a clinical decision tool" in readme


def test_mypy_is_strict_on_the_package() -> None:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11+")
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert mypy["strict"] is True and mypy["packages"] == ["iopkit"]


def test_make_schema_rewrites_the_shipped_schema(tmp_path: Path) -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^schema:", makefile, re.M)
    assert "-m iopkit.vignettes.schema" in makefile
    shipped = ROOT / "iopkit" / "vignettes" / "vignette.schema.json"
    before = shipped.read_text(encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "iopkit.vignettes.schema"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0 and "vignette.schema.json" in proc.stdout
    assert shipped.read_text(encoding="utf-8") == before  # in sync, so unchanged


@pytest.mark.parametrize(
    ("target", "default_port", "listen"),
    [
        ("lab", "8888", ("--ServerApp.ip={ip}", "--ServerApp.port={port}")),
        ("workshop", "8866", ("--Voila.ip={ip}", "--port={port}")),
    ],
)
def test_make_lab_and_workshop_listen_where_port_and_ip_say(
    target: str, default_port: str, listen: tuple[str, ...]
) -> None:
    def planned(*overrides: str) -> str:
        result = subprocess.run(
            ["make", "-n", "-o", ".venv/.iopkit-installed", target, *overrides],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    default = planned()
    for flag in listen:
        assert flag.format(ip="127.0.0.1", port=default_port) in default
    chosen = planned("PORT=9123", "IP=0.0.0.0")
    for flag in listen:
        assert flag.format(ip="0.0.0.0", port="9123") in chosen
