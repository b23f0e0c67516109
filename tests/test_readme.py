"""The README's tour is real: each block marked ``<!-- tour -->`` is run and must print what it shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _complete(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:  # an open quote: the command goes on on the next line
        return False
    return True


def tour_steps(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every ``$`` line of the tour blocks, in order."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"<!-- tour -->\s*```text\n(.*?)```", text, re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            assert line.startswith("$ "), f"tour block line is not a command: {line!r}"
            command = line[2:]
            while not _complete(command):
                i += 1
                command += "\n" + lines[i]
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            steps.append((command, expected))
    return steps


def test_readme_has_a_tour():
    steps = tour_steps(README.read_text(encoding="utf-8"))
    assert len(steps) >= 10
    assert steps[0][0].startswith("kg add corpus/articles")


def test_readme_top_commands_are_the_ci_command():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", text, re.S)
    install, test = blocks[0], blocks[1]
    assert install.startswith("python3 -m venv .venv") and "kg add corpus/articles" in install
    assert "graph.html" in install
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def tour_env(tmp_path: Path) -> dict[str, str]:
    """A fresh store in ``tmp_path`` with the corpus beside it, and this venv's ``kg``
    first on the PATH: where the tour runs (here and in ``scripts/refresh_readme.py``)."""
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "KG_STORE": str(tmp_path / "kg-store"),
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("KG_SPACY_MODEL", None)
    return env


def test_readme_tour_prints_what_it_shows(tmp_path: Path):
    if not (ROOT / "corpus" / "articles").is_dir():
        pytest.skip("no corpus")
    env = tour_env(tmp_path)
    for command, expected in tour_steps(README.read_text(encoding="utf-8")):
        proc = subprocess.run(
            command + " 2>&1",
            shell=True,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        got = [line.rstrip() for line in proc.stdout.splitlines()]
        assert got == [line.rstrip() for line in expected], f"$ {command}\n{proc.stdout}"
