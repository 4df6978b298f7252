"""The programme table (issue 14) against hand-written SQL: page and API, end to end through
gunicorn and in-process, in one run, with cProfile on request.

    DATABASE_URL=postgres://user:pw@host:5432/DB \\
        .venv/bin/python benchmarks/table_benchmark.py [--rounds 9] [--build 357x10] \\
        [--profile page|api] [--indicator homeless_persons] [--in-process-only]

DATABASE_URL names a database that already holds the synthetic national data set
(`boligsosial load_synthetic --municipalities 357 --years 10`); with --build NxY the script
creates a database of its own (`bs_bench_table_<time>_<pid>`), loads it and drops it at the
end. One invocation:

1. logs in a Husbanken administrator (benchmarks/_load_setup.py: the same URLs and the same
   hand-written SQL as load_benchmark.py: every approved total of the indicator in the
   programme with the municipality's code and name, 7 140 numbers at 357 × 10 years);
2. end to end: gunicorn (config/gunicorn.conf.py, one worker so every request after the
   warm-up finds warm caches, DJANGO_DEBUG=0) on a free port; each round requests the
   page and the API over HTTP and runs the SQL, and the same numbers by a tuned statement
   (`tuned_sql`), over its own psycopg connection, in turn, so the machine's load falls on
   all of them alike;
3. in-process: the same in this process through Django's test client, the SQL through
   Django's connection (cursor, fetchall);
4. prints min and median of the rounds (after one warm-up), each ÷ the SQL and ÷ the tuned SQL;
   --profile page|api prints the cProfile of that view in-process (top 30 by cumulative).

Before each page or API request the script waits `SETTLE` seconds: the one gunicorn worker
writes what a request computed to the shared cache after sending the answer, and the next
request must not be timed queueing behind that.

--after-change report|all measures the first request after a write: before each page or API
request (outside the time measured) it adds 1 to values of the indicator, so the stored table
no longer matches and the request computes it as after a real write. `report`: one approved
value (one municipality's row changes, as when a report is approved or corrected); `all`:
every value of the indicator (every row changes, as after an import of everything). A value
is never given back an earlier content within the run (each write adds 1 again), so rows kept
by their content (`reporting.selectors.table_rows`) are made again as they would be; the
values are put back at the end. The hand-written SQL is timed after the same write: the first
reader after a write to many rows pays PostgreSQL's visibility checks of the rows written
(heap fetches of the index-only scan), and the baseline must not be spared them.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from load_benchmark import (  # noqa: E402
    _admin,
    _free_port,
    _get,
    _run,
    _url_with_db,
    _wait_for,
    machine,
)

PAGE, API, SQL = "programme table (page)", "programme table (API)", "hand-written SQL"
TUNED = "hand-written SQL, tuned"


def tuned_sql(sql: str) -> str:
    """The same numbers (code, name, period, value, not available) written for the plan
    PostgreSQL runs fastest here: the periods and the indicator as arrays, so the approved
    reports are hashed and the value index is read as one range (the given statement's
    joins through the period table make it probe the index once per report)."""
    import re

    programme = re.search(r"p\.programme_id = (\d+)", sql).group(1)
    code = re.search(r"WHERE code = '([a-z0-9_]+)'", sql).group(1)
    return (
        "SELECT m.code, m.name, r.period_id, v.value, v.not_available "
        "FROM reporting_reportvalue v "
        "JOIN reporting_report r ON r.id = v.report_id "
        "JOIN programmes_participation pa ON pa.id = r.participation_id "
        "JOIN municipalities_municipality m ON m.id = pa.municipality_id "
        "WHERE r.period_id = ANY (ARRAY(SELECT id FROM reporting_reportingperiod "
        f"WHERE programme_id = {int(programme)})) "
        "AND r.status = 'approved' AND v.option_id IS NULL "
        "AND v.indicator_id = ANY (ARRAY(SELECT id FROM reporting_indicator "
        f"WHERE code = '{code}')) ORDER BY m.name, r.period_id"
    )


def _setup(env: dict) -> dict:
    return json.loads(
        _run([sys.executable, str(HERE / "_load_setup.py")], env, "session").splitlines()[-1]
    )


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


class Writes:
    """Before each timed request: add 1 to one approved value of the indicator (`report`) or
    to all of them (`all`); `restore` takes the additions back."""

    def __init__(self, sql: str, mode: str | None):
        import re

        code = re.search(r"WHERE code = '([a-z0-9_]+)'", sql).group(1)
        self.mode, self.added = mode, 0
        indicator = f"indicator_id IN (SELECT id FROM reporting_indicator WHERE code = '{code}')"
        self.where = f"value IS NOT NULL AND option_id IS NULL AND {indicator}"
        if mode == "report":
            self.where = (
                "id = (SELECT v.id FROM reporting_reportvalue v JOIN reporting_report r "
                "ON r.id = v.report_id WHERE r.status = 'approved' AND v.value IS NOT NULL "
                f"AND v.option_id IS NULL AND v.{indicator} ORDER BY v.id LIMIT 1)"
            )

    def __call__(self, execute) -> None:
        if self.mode:
            execute(f"UPDATE reporting_reportvalue SET value = value + 1 WHERE {self.where}")
            self.added += 1

    def restore(self, execute) -> None:
        if self.added:
            execute(
                f"UPDATE reporting_reportvalue SET value = value - {self.added} WHERE {self.where}"
            )
            self.added = 0


SETTLE = 0.2  # seconds before each page or API request


def end_to_end(
    setup: dict, env: dict, db_url: str, rounds: int, after_change: str | None = None
) -> dict[str, list[float]]:
    import psycopg

    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bench-table-"))
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config/gunicorn.conf.py")],
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    urls = {PAGE: setup["urls"][PAGE], API: setup["urls"][API]}
    times: dict[str, list[float]] = {PAGE: [], API: [], SQL: [], TUNED: []}
    statements = {SQL: setup["sql"], TUNED: tuned_sql(setup["sql"])}
    try:
        _wait_for(base, server)
        with psycopg.connect(db_url, autocommit=True) as conn:
            write = Writes(setup["sql"], after_change)
            for n in range(rounds + 1):
                for name, url in urls.items():
                    write(conn.execute)
                    # The one worker stores the previous answer after sending it (core.stored):
                    # let it finish, so a request is not timed waiting behind another.
                    time.sleep(SETTLE)
                    status, seconds = _get(base, url, setup["cookie"])
                    if status != 200:
                        raise SystemExit(f"{name}: status {status}; log in {workdir}")
                    if n:
                        times[name].append(seconds)
                for name, sql in statements.items():
                    write(conn.execute)
                    seconds = _timed(lambda sql=sql: conn.execute(sql).fetchall())
                    if n:
                        times[name].append(seconds)
            write.restore(conn.execute)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return times


def _django(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def in_process(
    setup: dict, rounds: int, profile: str | None, after_change: str | None = None
) -> dict[str, list[float]]:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = setup["cookie"]
    urls = {PAGE: setup["urls"][PAGE], API: setup["urls"][API]}

    def sql(statement: str):
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                cursor.fetchall()

        return run

    from django.core.signals import request_finished

    from boligsosial.core import stored

    def get(url: str):
        """The request until its body is read. What it computed is stored after the response
        (`core.stored.end_request`, at `request_finished`): under gunicorn the client has its
        answer by then, so it is done here after the time is taken (in `after`)."""

        def run() -> None:
            request_finished.disconnect(dispatch_uid="core-stored-end")
            try:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                b"".join(response) if response.streaming else response.content
            finally:
                request_finished.connect(stored.end_request, dispatch_uid="core-stored-end")

        return run

    def after() -> None:
        stored.end_request()

    calls = {
        PAGE: get(urls[PAGE]),
        API: get(urls[API]),
        SQL: sql(setup["sql"]),
        TUNED: sql(tuned_sql(setup["sql"])),
    }
    times: dict[str, list[float]] = {name: [] for name in calls}

    def execute(statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    write = Writes(setup["sql"], after_change)
    for n in range(rounds + 1):
        for name, call in calls.items():
            write(execute)
            seconds = _timed(call)
            after()
            if n:
                times[name].append(seconds)
    if profile:
        name = PAGE if profile == "page" else API
        profiler = cProfile.Profile()
        write(execute)
        profiler.runcall(calls[name])
        after()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("BENCH_PROFILE_SORT", "cumulative")
        ).print_stats(30)
        print(f"\n## cProfile: {name}\n{out.getvalue()}")
    write.restore(execute)
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ")


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}".replace(".", ",") + "×"


def report(title: str, times: dict[str, list[float]]) -> None:
    low_sql, median_sql = min(times[SQL]), statistics.median(times[SQL])
    low_tuned, median_tuned = min(times[TUNED]), statistics.median(times[TUNED])
    print(f"\n{title} ({len(times[SQL])} rounds after one warm-up)\n")
    print("| what | min (ms) | median (ms) | ÷ SQL, min / median | ÷ tuned SQL, min / median |")
    print("|---|---|---|---|---|")
    for name in (SQL, TUNED, PAGE, API):
        low, median = min(times[name]), statistics.median(times[name])
        print(
            f"| {name} | {_ms(low)} | {_ms(median)} "
            f"| {_ratio(low, low_sql)} / {_ratio(median, median_sql)} "
            f"| {_ratio(low, low_tuned)} / {_ratio(median, median_tuned)} |"
        )


def _commit() -> str:
    """The checkout's short commit, with a mark when files tracked are changed."""
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        or "(not a git checkout)"
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return commit + (" (+ uncommitted changes)" if dirty else "")


def measure(options, setup: dict, env: dict, db_url: str, after_change: str | None) -> None:
    """One condition: its heading, then end to end (unless --in-process-only) and in-process."""
    print(
        f"# Programme table against hand-written SQL, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} "
        f"UTC; {options.label + ': ' if options.label else ''}{ROOT}, commit {_commit()}; "
        f"{f'first request after a change ({after_change}); ' if after_change else ''}{machine()}; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"- {setup['participations']} participations, {setup['values']:,} values; ".replace(
            ",", " "
        )
        + f"page {setup['urls'][PAGE]}, API {setup['urls'][API]}"
    )
    if not options.in_process_only:
        report(
            "End to end (gunicorn, one worker, HTTP)",
            end_to_end(setup, env, db_url, options.rounds, after_change),
        )
    _django(env)
    report(
        "In-process (test client)",
        in_process(setup, options.rounds, options.profile, after_change),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--build", help="NxY: make a database of its own with N × Y years")
    parser.add_argument("--profile", choices=("page", "api"))
    parser.add_argument("--in-process-only", action="store_true")
    parser.add_argument(
        "--after-change",
        choices=("report", "all"),
        help="write before each timed request (the first request after a write): "
        "one municipality's value (report) or every municipality's (all)",
    )
    parser.add_argument(
        "--every-condition",
        action="store_true",
        help="warm, then after one report, then after an import of everything (make bench-all)",
    )
    parser.add_argument("--label", default="", help="names the code measured (e.g. before)")
    options = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print("table_benchmark.py needs DATABASE_URL=postgres://…")
        return 2
    db_url, own = base_url, None
    if options.build:
        own = f"bs_bench_table_{dt.datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
        db_url = _url_with_db(base_url, own)
        _admin(base_url, f'CREATE DATABASE "{own}"')
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
        "BOLIGSOSIAL_VAR_DIR": os.environ.get(
            "BOLIGSOSIAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-table-var-")
        ),
    }
    try:
        if own:
            n, years = options.build.lower().split("x")
            cli = [sys.executable, "-m", "boligsosial"]
            _run([*cli, "migrate", "--noinput"], env, "migrate")
            _run(
                [*cli, "load_synthetic", "--municipalities", n, "--years", years],
                env,
                "load_synthetic",
            )
        setup = _setup(env)
        conditions = [options.after_change]
        if options.every_condition:
            conditions = [None, "report", "all"]
        for after_change in conditions:
            measure(options, setup, env, db_url, after_change)
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
        return 0
    finally:
        if own:
            _admin(base_url, f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')


if __name__ == "__main__":
    raise SystemExit(main())
