"""CSV import of about a million values: peak memory and speed against PostgreSQL's COPY.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/import_memory.py [--values 1000000]

Goal (issue 14): 1 million values imported under 200 MiB peak memory, at no less than a
fifth of the speed of a plain COPY of the same rows into an equally indexed table.

What it does, in a database of its own (a unique name per run, dropped at the end):
1. 357 municipalities in one programme and as many half-year periods as the value count
   needs (the whole catalogue per report, as in reporting_benchmark.py);
2. writes the long CSV to a file (never held in memory here either);
3. imports it in a fresh process — `reporting.transfer.import_csv` with the file object, the
   same service the import page and the API call — which reports its own peak resident
   memory (VmHWM, the whole process: Python, Django and the import) and, measured before
   the import, the memory of the process set up but idle;
4. copies the stored rows out to a CSV file and times `COPY … FROM STDIN` of that file into
   a new table made `LIKE` the value table `INCLUDING ALL` (the same indexes and checks),
   from this process — the raw database speed on this machine at this moment;
5. prints both, with the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --code DIR: the importing process runs another checkout's code (a "before" measurement).
sys.path.insert(0, os.environ.get("BENCH_CODE_ROOT") or str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"
MUNICIPALITIES = 357


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def _status(field: str) -> int:
    """A /proc/self/status field in KiB (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(csv_path: str, programme_id: int, user_id: int, as_bytes: bool) -> None:
    """Run in a fresh process: import the file, print JSON with time and memory."""
    import django

    django.setup()
    from boligsosial.accounts.models import User
    from boligsosial.programmes.models import Programme
    from boligsosial.reporting import transfer

    user = User.objects.get(pk=user_id)
    programme = Programme.objects.get(pk=programme_id)
    transfer.import_csv  # noqa: B018 (every module imported before the baseline)
    idle_kib = _status("VmRSS")
    # Reset the peak to what the process holds now (Linux: clear_refs 5 resets VmHWM).
    Path("/proc/self/clear_refs").write_text("5")
    started, cpu = time.perf_counter(), time.process_time()
    with open(csv_path, "rb") as fh:
        # as_bytes: the whole file read first, as the import page did before (and as an
        # older checkout needs).
        result = transfer.import_csv(
            user=user, programme=programme, data=fh.read() if as_bytes else fh
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {
                "values": result.values,
                "seconds": seconds,
                "cpu": cpu,
                "idle_kib": idle_kib,
                "peak_kib": _status("VmHWM"),
            }
        )
    )


def build_world(periods_needed: int):
    from boligsosial.accounts.models import Role, User
    from boligsosial.municipalities.models import Municipality
    from boligsosial.programmes.models import HusbankenRegion, Participation, Programme
    from boligsosial.reporting.models import PeriodKind, ReportingPeriod, ReportTemplate

    admin = User.objects.create(username=f"bench-{uuid.uuid4().hex[:8]}", role=Role.HUSBANKEN_ADMIN)
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                code=f"{1000 + i:04d}", name=f"Kommune {i}", valid_from=dt.date(1977, 1, 1)
            )
            for i in range(MUNICIPALITIES)
        ]
    )
    programme = Programme.objects.create(
        name="Nasjonalt program (benchmark, syntetisk)", owner_region=HusbankenRegion.SOR
    )
    Participation.objects.bulk_create(
        [
            Participation(programme=programme, municipality=m, start_date=dt.date(1980, 1, 1))
            for m in municipalities
        ]
    )
    template = ReportTemplate.objects.get(is_current=True)
    periods = []
    year = 2021 - (periods_needed + 1) // 2 + 1
    while len(periods) < periods_needed:
        for half in (1, 2):
            start = dt.date(year, 1 if half == 1 else 7, 1)
            end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
            periods.append(
                ReportingPeriod(
                    programme=programme,
                    kind=PeriodKind.HALF_YEAR,
                    start=start,
                    end=end,
                    deadline=end + dt.timedelta(days=31),
                    template=template,
                )
            )
        year += 1
    ReportingPeriod.objects.bulk_create(periods)
    return admin, programme, municipalities, periods


def _report_lines(code: str, period: str, indicators, rng):
    """The CSV lines of one report: every indicator with its disaggregations, 1 % not available."""
    from boligsosial.reporting.models import Unit

    for indicator in indicators:
        if indicator.unit == Unit.DATE:
            yield f"{code},{period},{indicator.code},,2015-06-18,,\n"
            continue
        if indicator.unit == Unit.YES_NO:
            total = rng.randint(0, 1)
        elif indicator.at_most_code:
            total = rng.randint(0, 40)
        else:
            total = rng.randint(40, 400)
        if rng.random() < 0.01:
            yield f"{code},{period},{indicator.code},,,,Ikke registrert\n"
            continue
        yield f"{code},{period},{indicator.code},,{total},,\n"
        for dimension in indicator.dimensions.all():
            options = list(dimension.options.all())
            first = rng.randint(0, total)
            for option, part in zip(options, (first, total - first), strict=True):
                yield f"{code},{period},{indicator.code},{option.code},{part},,\n"


def write_csv(path: Path, municipalities, periods) -> int:
    from boligsosial.reporting.models import Indicator, ReportTemplate

    template = ReportTemplate.objects.get(is_current=True)
    indicators = [
        i
        for i in Indicator.objects.filter(pk__in=template.indicators.values("pk"))
        .prefetch_related("dimensions__options")
        .order_by("order")
        if not i.is_derived
    ]
    rng = random.Random(2011)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for municipality in municipalities:
            for period in periods:
                code = f"{period.start.year}S{1 if period.start.month <= 6 else 2}"
                for line in _report_lines(municipality.code, code, indicators, rng):
                    fh.write(line)
                    count += 1
    return count


def copy_baseline(workdir: Path) -> tuple[int, float]:
    """COPY of the stored value rows into an equally indexed table: (rows, seconds)."""
    from django.db import connection

    from boligsosial.reporting.models import ReportValue

    table = ReportValue._meta.db_table
    dump = workdir / "values.csv"
    with connection.cursor() as cursor:
        with (
            dump.open("wb") as fh,
            cursor.cursor.copy(f"COPY {table} TO STDOUT (FORMAT csv)") as copy,
        ):
            for block in copy:
                fh.write(block)
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with (
            dump.open("rb") as fh,
            cursor.cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv)") as copy,
        ):
            while block := fh.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_copy")
        rows = cursor.fetchone()[0]
    return rows, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--bytes", action="store_true", help="pass the file's bytes, not the file")
    parser.add_argument("--code", help="import with the code of this checkout (before/after)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child[0], int(options.child[1]), int(options.child[2]), options.bytes)
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("import_memory.py needs DATABASE_URL=postgres://… (COPY is the baseline); skipped.")
        return 0
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = f"bs_bench_import_{dt.datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        per_report = 38  # the whole catalogue (reporting_benchmark.py: 270 564 / 7 140)
        periods_needed = -(-options.values // (MUNICIPALITIES * per_report))
        admin, programme, municipalities, periods = build_world(periods_needed)
        csv_path = workdir / "import.csv"
        count = write_csv(csv_path, municipalities, periods)
        env = {**os.environ, "DATABASE_URL": _url_for(name)}
        if options.code:
            env["BENCH_CODE_ROOT"] = env["PYTHONPATH"] = str(Path(options.code).resolve())
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                *(["--bytes"] if options.bytes else []),
                "--child",
                str(csv_path),
                str(programme.pk),
                str(admin.pk),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-4000:])
            return 1
        measured = json.loads(run.stdout.strip().splitlines()[-1])
        rows, copy_seconds = copy_baseline(workdir)
        how = "the file's bytes" if options.bytes else "the open file"
        code = f"code of {options.code}" if options.code else "this checkout's code"
        _print(
            count,
            csv_path.stat().st_size,
            measured,
            rows,
            copy_seconds,
            f"{name}; {code}, given {how}",
        )
        return 0
    finally:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
        connection.creation.destroy_test_db(name, verbosity=0)


def _url_for(name: str) -> str:
    url = os.environ["DATABASE_URL"]
    head, _sep, _old = url.rpartition("/")
    return f"{head}/{name}"


def _print(count, size, m, rows, copy_seconds, name) -> None:
    mib = 1024
    rate, copy_rate = m["values"] / m["seconds"], rows / copy_seconds
    print("## CSV import memory and speed (PostgreSQL)")
    print()
    print(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}")
    print(f"- database: {name} (own, dropped after the run)")
    print(
        f"- file: {count:,} values, {size / 2**20:.1f} MiB; {rows:,} rows stored (with derived rates)"
    )
    print()
    print("| measure | result | goal |")
    print("|---|---|---|")
    print(
        f"| peak resident memory of the importing process (VmHWM) | **{m['peak_kib'] / mib:.0f} MiB** "
        f"(of which {m['idle_kib'] / mib:.0f} MiB before the import: Python + Django) | < 200 MiB |"
    )
    print(
        f"| import wall time | {m['seconds']:.1f} s = {rate:,.0f} values/s (CPU {m['cpu']:.1f} s) | – |"
    )
    print(
        f"| COPY of the {rows:,} stored rows into a LIKE … INCLUDING ALL table | {copy_seconds:.1f} s = {copy_rate:,.0f} rows/s | – |"
    )
    print(
        f"| import speed / COPY speed | **{rate / copy_rate:.2f}** (1/{copy_rate / rate:.1f}) | ≥ 0.20 |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
