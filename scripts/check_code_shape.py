#!/usr/bin/env python3
"""The code's shape, checked by `make lint` (issue 12): small modules, short functions, low complexity.

  modules   at most 500 lines (outside migrations)
  functions at most 80 lines (outside migrations)
  complexity at most C (radon's cyclomatic complexity ≤ 20) outside tests and migrations

Prints each offender as path:line and exits 1 if there is any.
"""

import ast
import sys
from pathlib import Path

from radon.complexity import cc_visit

ROOTS = ["boligsosial", "config", "benchmarks", "scripts"]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MAX_COMPLEXITY = 20


def python_files():
    for root in ROOTS:
        for path in sorted(Path(root).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def main() -> int:
    problems = []
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + 1
        if lines > MAX_MODULE_LINES:
            problems.append(f"{path}:1: module has {lines} lines (max {MAX_MODULE_LINES})")
        tree = ast.parse(text, filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(
                        f"{path}:{node.lineno}: {node.name} has {length} lines "
                        f"(max {MAX_FUNCTION_LINES})"
                    )
        if "tests" in path.parts or path.name.startswith("test_"):
            continue
        for block in cc_visit(text):
            if block.complexity > MAX_COMPLEXITY:
                problems.append(
                    f"{path}:{block.lineno}: {block.name} has complexity {block.complexity} "
                    f"(max {MAX_COMPLEXITY}, radon grade C)"
                )
    for problem in problems:
        print(problem)
    print(f"code shape: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
