"""End-to-end load benchmark (issue 14, `make bench`): gunicorn on PostgreSQL with the
synthetic national data set, 16 concurrent clients (locust), every figure beside baselines
measured in the same run.

    DATABASE_URL=postgres://user:pw@host:5432/anything \\
        .venv/bin/python benchmarks/load_benchmark.py [--municipalities 357] [--years 10] \\
        [--runs 3] [--duration 60] [--users 16] [--alone 5] [--keep-database] \\
        [--database NAME] [--only "portfolio,participation"]

`--database NAME` measures a database made before (by an earlier run with --keep-database, or
`migrate` + `load_synthetic` by hand) instead of making one: nothing is loaded or dropped.
`--only` measures a subset of the URLs (names as in the table, comma-separated; the no-work
request and the hand-written SQL are always measured).

What one invocation does:
1. creates a database of its own (`bs_bench_load_<time>_<pid>`, on the server DATABASE_URL
   names; dropped at the end unless --keep-database), migrates it and loads
   `boligsosial load_synthetic --municipalities N --years Y` (national synthetic data with
   real code histories);
2. starts gunicorn with config/gunicorn.conf.py and 4 workers (DJANGO_DEBUG=0, development
   settings otherwise: plain HTTP on 127.0.0.1), logged in as a Husbanken administrator;
3. "alone": each URL requested --alone times one after the other (min and median), and the
   hand-written SQL for the programme table's numbers run as often straight on PostgreSQL;
4. per URL, --runs locust runs of --duration seconds with --users clients that each
   request that URL and then the no-work request (`/helse/ping/`), again and again: the
   page's median and 95th percentile beside the no-work request's under the same load in
   the same run; printed as the min and the median over the runs. A URL whose time alone
   is over --max-alone seconds is not run under load (16 clients would not finish a
   request within the run); the table says so.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BASELINE = "no work (baseline)"
TABLE_PAGES = ("programme table (page)", "programme table (API)")


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, {model}"


def _url_with_db(url: str, name: str) -> str:
    head, _sep, _old = url.rpartition("/")
    return f"{head}/{name}"


def _admin(url: str, sql: str) -> None:
    import psycopg

    # On the server's maintenance database: the one DATABASE_URL names need not exist.
    with psycopg.connect(_url_with_db(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _run(cmd: list[str], env: dict, what: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise SystemExit(f"{what} failed (exit {result.returncode})")
    print(f"  {what}: {time.perf_counter() - started:.0f} s", flush=True)
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(base + url, headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def _wait_for(base: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log")
        try:
            if _get(base, "/helse/ping/", "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute")


def alone(base: str, setup: dict, db_url: str, repeats: int) -> dict[str, tuple]:
    """{name: (min s, median s, statuses)}: each URL alone, then the hand-written SQL."""
    import psycopg

    measured = {}
    for name, url in setup["urls"].items():
        _status, warm = _get(base, url, setup["cookie"])  # warm this worker's caches once
        # A very slow URL is measured once more only.
        runs = [_get(base, url, setup["cookie"]) for _ in range(repeats if warm < 30 else 1)]
        times = [t for _s, t in runs]
        measured[name] = (min(times), statistics.median(times), sorted({s for s, _t in runs}))
    with psycopg.connect(db_url) as conn:
        times, rows = [], 0
        for _ in range(repeats + 1):
            started = time.perf_counter()
            rows = len(conn.execute(setup["sql"]).fetchall())
            times.append(time.perf_counter() - started)
        times = times[1:]  # the first one warms the connection's plan and buffers
        measured["hand-written SQL (table's numbers)"] = (
            min(times),
            statistics.median(times),
            [f"{rows} rows"],
        )
    return measured


def load_run(base: str, setup: dict, url_name: str, options, workdir: Path, n: int) -> dict:
    """{name: (requests, failures, median ms, p95 ms)} of one locust run: the URL and the
    no-work request."""
    users, seconds = options.users, options.duration
    prefix = workdir / f"run{n}_{abs(hash(url_name))}"
    env = {
        **os.environ,
        "BENCH_NAME": url_name,
        "BENCH_URL": setup["urls"][url_name],
        "BENCH_SESSION": setup["cookie"],
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "60",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    stats = {}
    with open(f"{prefix}_failures.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            print(f"  failures: {row['Name']}: {row['Error']} × {row['Occurrences']}", flush=True)
    with open(f"{prefix}_stats.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = (
                int(row["Request Count"]),
                int(row["Failure Count"]),
                float(row["Median Response Time"]),
                float(row["95%"]),
            )
    return stats


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=60, help="seconds per locust run")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--alone", type=int, default=5, help="requests per URL one at a time")
    parser.add_argument(
        "--max-alone", type=float, default=10.0, help="seconds; slower: no load run"
    )
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--database", default="", help="an existing, loaded database on the same server"
    )
    parser.add_argument("--only", default="", help="comma-separated URL names to measure")
    return parser.parse_args()


def main() -> int:
    options = _options()
    if options.database:
        options.keep_database = True
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print(
            "load_benchmark.py needs DATABASE_URL=postgres://… (a server to create its database on)."
        )
        return 0 if os.environ.get("BENCH_OPTIONAL") else 2
    name = options.database or f"bs_bench_load_{dt.datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
    db_url = _url_with_db(base_url, name)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "BOLIGSOSIAL_VAR_DIR": str(workdir),
        "DJANGO_DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }
    started = dt.datetime.now(dt.UTC)
    print(f"# Load benchmark, {started:%Y-%m-%d %H:%M} UTC, database {name}", flush=True)
    if not options.database:
        _admin(base_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        setup = _prepare(options, env)
        _keep_only(setup, options.only)
        port = _free_port()
        log = (workdir / "gunicorn.log").open("w")
        # Its own log; a request that fails in the server shows there (printed on failure).
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config/gunicorn.conf.py")],
            env={
                **env,
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "WEB_CONCURRENCY": str(options.workers),
            },
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_for(base, server)
        time.sleep(5)  # the other workers finish starting (each loads the URLconf at start)
        for _ in range(2 * options.workers):  # a request or two in every worker
            _get(base, setup["urls"][BASELINE], setup["cookie"])
        single = alone(base, setup, db_url, options.alone)
        runs: dict[str, list[dict]] = {}
        for url_name in setup["urls"]:
            if url_name == BASELINE or single[url_name][1] > options.max_alone:
                continue
            for n in range(options.runs):
                runs.setdefault(url_name, []).append(
                    load_run(base, setup, url_name, options, workdir, n)
                )
            print(f"  {url_name}: {options.runs} locust runs done", flush=True)
        report(options, setup, single, runs, name, started)
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if not options.keep_database:
            _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


def _keep_only(setup: dict, only: str) -> None:
    """--only: measure just these URL names (and the no-work request)."""
    if not only:
        return
    wanted = {n.strip() for n in only.split(",")} | {BASELINE}
    unknown = wanted - set(setup["urls"])
    if unknown:
        raise SystemExit(f"--only: no URL named {sorted(unknown)}; see _load_setup.py")
    setup["urls"] = {k: v for k, v in setup["urls"].items() if k in wanted}


def _prepare(options, env: dict) -> dict:
    """Migrate, load the synthetic data set, log in: what _load_setup.py prints."""
    cli = [sys.executable, "-m", "boligsosial"]
    if options.database:
        print(f"  database {options.database}: measured as it is (no migrate, no load)")
        return json.loads(
            _run([sys.executable, str(HERE / "_load_setup.py")], env, "session").splitlines()[-1]
        )
    _run([*cli, "migrate", "--noinput"], env, "migrate")
    _run(
        [
            *cli,
            "load_synthetic",
            "--municipalities",
            str(options.municipalities),
            "--years",
            str(options.years),
        ],
        env,
        f"load_synthetic --municipalities {options.municipalities} --years {options.years}",
    )
    return json.loads(
        _run([sys.executable, str(HERE / "_load_setup.py")], env, "session").splitlines()[-1]
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ")


def _min_median(values: list[float]) -> str:
    return f"{min(values):,.0f} / {statistics.median(values):,.0f}".replace(",", " ")


def report(options, setup, single, runs, name, started) -> None:
    _sql_min, sql_median, _rows = single["hand-written SQL (table's numbers)"]
    print()
    print(
        f"- {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}; database {name} ("
        + (
            "given"
            if options.database
            else f"own, {'kept' if options.keep_database else 'dropped after the run'}"
        )
        + ")"
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"- commit {commit or 'unknown'}; load average (1, 5, 15 min) at the end: {load}")
    source = (
        f"database {options.database} as it was"
        if options.database
        else f"load_synthetic --municipalities {options.municipalities} --years {options.years}"
    )
    print(
        f"- data: {source}: "
        f"{setup['participations']} participations, {setup['values']:,} reported values".replace(
            ",", " "
        )
    )
    print(
        f"- gunicorn (config/gunicorn.conf.py, {options.workers} workers), DJANGO_DEBUG=0; per URL "
        f"{options.runs} locust runs × {options.duration} s with {options.users} clients, each "
        f"requesting the URL and then the no-work request; alone: {options.alone} requests per URL "
        f"one at a time after one warm-up"
    )
    print()
    print(
        "| URL | alone min / median (ms) | alone ÷ SQL (median) | requests (failures) per run "
        "| p50 under load, min / median of runs (ms) | p95 under load, min / median (ms) "
        "| no-work p95 in the same runs, min / median (ms) | p95 − no-work p95 (median of runs) "
        "| p95 ÷ no-work p95 (median of runs) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for url_name in [*setup["urls"], "hand-written SQL (table's numbers)"]:
        low, median, statuses = single[url_name]
        ratio = f"{median / sql_median:.1f}×" if url_name in TABLE_PAGES else "–"
        alone_text = f"{_ms(low)} / {_ms(median)}"
        if statuses != [200] and not url_name.startswith("hand"):
            alone_text += f" (status {statuses})"
        cells = _load_cells(url_name, runs.get(url_name, []), options)
        print(f"| {url_name} | {alone_text} | {ratio} | " + " | ".join(cells) + " |")


def _load_cells(url_name: str, per_run: list[dict], options) -> list[str]:
    """The table's cells for one URL's locust runs (or why it has none)."""
    if per_run:
        page = [r.get(url_name, (0, 0, 0.0, 0.0)) for r in per_run]
        ping = [r.get(BASELINE, (0, 0, 0.0, 0.0)) for r in per_run]
        counts = ", ".join(f"{n} ({f})" for n, f, _m, _p in page)
        over = statistics.median(p[3] - b[3] for p, b in zip(page, ping, strict=True))
        times = statistics.median(
            p[3] / b[3] if b[3] else float("inf") for p, b in zip(page, ping, strict=True)
        )
        return [
            counts,
            _min_median([m for _n, _f, m, _p in page]),
            _min_median([p for _n, _f, _m, p in page]),
            _min_median([p for _n, _f, _m, p in ping]),
            f"{over:,.0f}".replace(",", " "),
            f"{times:.1f}×",
        ]
    if url_name == BASELINE or url_name.startswith("hand"):
        return ["–"] * 6
    return [f"not run under load (alone over {options.max_alone:.0f} s)"] + ["–"] * 5


if __name__ == "__main__":
    raise SystemExit(main())
