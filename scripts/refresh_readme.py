"""Rewrite the outputs of the README's tour blocks with what the commands print now.

    .venv/bin/python scripts/refresh_readme.py

Runs every ``$`` line of each ``<!-- tour -->`` block, in order, against a fresh
store in a temporary directory (exactly as ``tests/test_readme.py`` does), and
replaces the lines after it with the real output. Review the diff before
committing: a changed number is a changed extractor.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_readme import README, tour_env, tour_steps  # noqa: E402


def main() -> int:
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = tour_env(tmp_path)

        def run(command: str) -> str:
            proc = subprocess.run(
                command + " 2>&1", shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
            )
            return "\n".join(line.rstrip() for line in proc.stdout.splitlines())

        def block(match: re.Match) -> str:
            body = match.group(2)
            out = []
            for command, _expected in tour_steps(f"<!-- tour -->\n```text\n{body}```"):
                out.append("$ " + command)
                printed = run(command)
                if printed:
                    out.append(printed)
            return match.group(1) + "\n".join(out) + "\n```"

        new = re.sub(r"(<!-- tour -->\s*```text\n)(.*?)```", block, text, flags=re.S)
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
