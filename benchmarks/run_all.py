"""Run every benchmark script in this folder (never part of the test suite).

Usage: .venv/bin/python benchmarks/run_all.py [--database-url postgres://…]
Each script prints its own results; copy them with the machine and date into BENCHMARKS.md.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in {"run_all.py", "__init__.py", "locustfile.py"} or script.name.startswith(
            "_"
        ):
            continue
        print(f"== {script.name} ==", flush=True)
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], env=os.environ.copy())
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
