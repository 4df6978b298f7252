"""Evaluation report PDF: time and peak memory against the number of municipalities.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/report_pdf_memory.py \\
        [--sizes 6,60,357] [--years 10] [--formats pdf] [--code OTHER_CHECKOUT[,…]]
        [--database NAME]

Goal (issue 14): the PDF for 357 municipalities in under 60 s and 500 MiB peak, memory
bounded independently of the number of municipalities.

In a database of its own (unique name, dropped at the end): for each size, smallest first,
`boligsosial load_synthetic --reset --municipalities N --years Y` (which makes an evaluation
of the window and its draft report), then the CLI `boligsosial evaluation_report
--evaluation ID --format pdf` in a fresh process, measured by /usr/bin/time: wall time and
peak resident memory of that process (Python, Django, the findings and WeasyPrint).

`--existing --database NAME` measures the report of an existing database as it is (no load,
not dropped; e.g. a copy of one loaded before).

`--code` adds checkouts (e.g. `git archive BASE | tar -x -C /tmp/before`) measured on the same
data in the same run, each right after this checkout's run of the same size and format, so
before and after share the machine's load; `--database` names the database (created and
dropped) instead of the generated name.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from load_benchmark import _admin, _run, _url_with_db, machine  # noqa: E402


def _descendants(pid: int) -> list[int]:
    """The process and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _tree_memory(pid: int) -> tuple[int, int]:
    """(resident, proportional) KiB summed over the process tree: RSS counts the pages a
    forked worker shares with its parent in both, PSS divides them among the sharers."""
    rss = pss = 0
    for each in _descendants(pid):
        try:
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def _measure(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, int, str, int, int]:
    """(wall seconds, peak KiB of the largest process, error tail, peak KiB of the RSS and
    of the PSS summed over the process tree, sampled every 0,1 s) of one command under
    /usr/bin/time."""
    started = time.perf_counter()
    with subprocess.Popen(
        ["/usr/bin/time", "-f", "PEAK_KIB=%M", *cmd],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        rss_sum = pss_sum = 0
        while process.poll() is None:
            rss, pss = _tree_memory(process.pid)
            rss_sum, pss_sum = max(rss_sum, rss), max(pss_sum, pss)
            time.sleep(0.1)
        _stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = 0
    for line in stderr.splitlines():
        if line.startswith("PEAK_KIB="):
            peak = int(line.split("=", 1)[1])
    error = "" if process.returncode == 0 else stderr[-1500:]
    return seconds, peak, error, rss_sum, pss_sum


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="6,60,357")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--formats", default="pdf")
    parser.add_argument("--code", default="", help="Other checkouts to measure in the same run.")
    parser.add_argument("--database", default="", help="Database name (created and dropped).")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="Measure the report in --database as it is (no load, not dropped); --sizes "
        "gives its number of municipalities for the table.",
    )
    options = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print("report_pdf_memory.py needs DATABASE_URL=postgres://…; skipped.")
        return 0
    name = options.database or f"bs_bench_pdf_{dt.datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    env = {
        **os.environ,
        "DATABASE_URL": _url_with_db(base_url, name),
        "BOLIGSOSIAL_VAR_DIR": str(workdir),
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    cli = [sys.executable, "-m", "boligsosial"]
    started = dt.datetime.now(dt.UTC)
    print(f"# Evaluation report memory, {started:%Y-%m-%d %H:%M} UTC, database {name}", flush=True)
    rows: list[tuple] = []
    if options.existing and options.database:
        try:
            rows.extend(_one_size(int(options.sizes.split(",")[0]), options, env, workdir))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        _print(rows, started, f"{name} (existing, kept)")
        return 0
    _admin(base_url, f'CREATE DATABASE "{name}"')
    try:
        _run([*cli, "migrate", "--noinput"], env, "migrate")
        for size in (int(s) for s in options.sizes.split(",")):
            rows.extend(_one_size(size, options, env, workdir))
    finally:
        _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    _print(rows, started, f"{name} (dropped)")
    return 0


def _one_size(size: int, options, env: dict, workdir: Path) -> list[tuple]:
    cli = [sys.executable, "-m", "boligsosial"]
    rows = []
    if not options.existing:
        _load(size, options, env)
    evaluation = _run(
        [
            *cli,
            "shell",
            "-c",
            "from boligsosial.evaluation_report.models import EvaluationReport as R; "
            "print(R.objects.filter(evaluation__programme__name__startswith='SYNTETISK')"
            ".order_by('-pk').first().evaluation_id)",
        ],
        env,
        "evaluation id",
    ).split()[-1]
    checkouts = [ROOT, *(Path(c).resolve() for c in options.code.split(",") if c)]
    for fmt, code in ((f, c) for f in options.formats.split(",") for c in checkouts):
        output = workdir / f"report-{size}-{checkouts.index(code)}.{fmt}"
        seconds, peak, error, rss_sum, pss_sum = _measure(
            [
                *cli,
                "evaluation_report",
                "--evaluation",
                evaluation,
                "--format",
                fmt,
                "--output",
                str(output),
                "--no-progress",
            ],
            {**env, "PYTHONPATH": str(code)},
            cwd=code,
        )
        size_kib = output.stat().st_size / 1024 if output.exists() else 0
        label = "this checkout" if code == ROOT else str(code)
        load = os.getloadavg()[0]
        rows.append((size, fmt, label, seconds, peak, size_kib, error, load, rss_sum, pss_sum))
        print(
            f"  {size} municipalities, {fmt}, {label}: {seconds:.0f} s, {peak / 1024:.0f} MiB "
            f"(sum over processes: RSS {rss_sum / 1024:.0f}, PSS {pss_sum / 1024:.0f} MiB)",
            flush=True,
        )
        if error:
            print(error)
    return rows


def _load(size: int, options, env: dict) -> None:
    cli = [sys.executable, "-m", "boligsosial"]
    _run(
        [
            *cli,
            "load_synthetic",
            "--reset",
            "--municipalities",
            str(size),
            "--years",
            str(options.years),
        ],
        env,
        f"load_synthetic {size} × {options.years} years",
    )


def _print(rows: list[tuple], started, name: str) -> None:
    print()
    print(f"- {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}; database {name}")
    print()
    print(
        "| municipalities | format | code | wall time | peak memory (largest process) "
        "| peak sum over processes (RSS / PSS) | file | load average (1 min) after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size, fmt, label, seconds, peak, size_kib, error, load, rss_sum, pss_sum in rows:
        state = "failed" if error else f"{size_kib:,.0f} KiB".replace(",", " ")
        print(
            f"| {size} | {fmt} | {label} | {seconds:.0f} s | {peak / 1024:.0f} MiB "
            f"| {rss_sum / 1024:.0f} / {pss_sum / 1024:.0f} MiB | {state} | {load:.1f} |"
        )
    print()
    print("Goal at 357 (issue 14): < 60 s and < 500 MiB.")


if __name__ == "__main__":
    raise SystemExit(main())
