"""Run every benchmark script in this folder (never part of the test suite).

Usage: .venv/bin/python benchmarks/run_all.py [--database-url postgres://…] [--table-build NxY]

Each script gets the arguments it takes: the database URL (else DATABASE_URL) to those that
take one, and table_benchmark.py `--build NxY` (default 357x10), so it loads the national data
set into a database of its own and drops it after, instead of reading one that holds no
national data, and `--every-condition` (warm, after one report, after an import). Each script prints its own results; copy them with the machine and date into
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run_all.py", "__init__.py", "locustfile.py"}


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="postgres://… (else DATABASE_URL)")
    parser.add_argument(
        "--table-build",
        default="357x10",
        help="NxY: the national data set table_benchmark.py loads into a database of its own",
    )
    return parser.parse_args(argv)


def commands(argv: list[str]) -> list[tuple[str, list[str]]]:
    """(script name, its command line) for every benchmark script, in name order."""
    options = _options(argv)
    extra = {
        "evaluation_report_generation.py": (
            ["--database-url", options.database_url] if options.database_url else []
        ),
        "table_benchmark.py": ["--build", options.table_build, "--every-condition"],
    }
    return [
        (script.name, [sys.executable, str(script), *extra.get(script.name, [])])
        for script in sorted(HERE.glob("*.py"))
        if script.name not in NOT_BENCHMARKS and not script.name.startswith("_")
    ]


def main(argv: list[str]) -> int:
    options = _options(argv)
    env = os.environ.copy()
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    failures = []
    for name, command in commands(argv):
        print(f"== {name} ==", flush=True)
        if subprocess.run(command, env=env).returncode != 0:
            failures.append(name)
    if failures:
        print(f"Failed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
