"""Reporting at national scale: CSV import speed and the programme-wide indicator table.

    .venv/bin/python benchmarks/reporting_benchmark.py                     # SQLite (temporary file)
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/reporting_benchmark.py   # PostgreSQL

Builds a throw-away database (Django's test-database machinery: created, migrated and
dropped again; the development database is never touched) with 357 municipalities in one
programme, ten years of half-year periods (20 periods) and the whole indicator catalogue
with every disaggregation, written as one long CSV. Measures:

- CSV import through `transfer.import_csv` (parse, validate every row, store) — target
  ≥ 50 000 values a second;
- the programme-wide table of one indicator across 357 municipalities × 20 periods
  (`selectors.programme_table` and the whole page through Django's test client) —
  target < 200 ms.
Prints a Markdown table for BENCHMARKS.md.
"""

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/boligsosial-reporting-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "357"))
YEARS = range(2012, 2022)
REPEATS = 7


def build_world():
    from boligsosial.accounts.models import Role, User
    from boligsosial.municipalities.models import Municipality
    from boligsosial.programmes.models import HusbankenRegion, Participation, Programme
    from boligsosial.reporting.models import PeriodKind, ReportingPeriod, ReportTemplate

    admin = User.objects.create(username="bench-admin", role=Role.HUSBANKEN_ADMIN)
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(
                code=f"{1000 + i:04d}", name=f"Kommune {i}", valid_from=dt.date(1977, 1, 1)
            )
            for i in range(MUNICIPALITIES)
        ]
    )
    programme = Programme.objects.create(
        name="Nasjonalt program (benchmark)", owner_region=HusbankenRegion.SOR
    )
    Participation.objects.bulk_create(
        [
            Participation(programme=programme, municipality=m, start_date=dt.date(2011, 1, 1))
            for m in municipalities
        ]
    )
    template = ReportTemplate.objects.get(is_current=True)
    periods = []
    for year in YEARS:
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
    ReportingPeriod.objects.bulk_create(periods)
    return admin, programme, municipalities


def build_csv(municipalities) -> tuple[str, int]:
    from boligsosial.reporting.models import Indicator, ReportTemplate, Unit

    template = ReportTemplate.objects.get(is_current=True)
    indicators = [
        i
        for i in Indicator.objects.filter(pk__in=template.indicators.values("pk"))
        .prefetch_related("dimensions__options")
        .order_by("order")
        if not i.is_derived
    ]
    rng = random.Random(2011)
    lines = ["kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig"]
    count = 0
    for municipality in municipalities:
        for year in YEARS:
            for half in (1, 2):
                period = f"{year}S{half}"
                for indicator in indicators:
                    if indicator.unit == Unit.DATE:
                        lines.append(f"{municipality.code},{period},{indicator.code},,2015-06-18,,")
                        count += 1
                        continue
                    if indicator.unit == Unit.YES_NO:
                        total = rng.randint(0, 1)
                    elif indicator.at_most_code:
                        total = rng.randint(0, 40)
                    else:
                        total = rng.randint(40, 400)
                    if rng.random() < 0.01:
                        lines.append(
                            f"{municipality.code},{period},{indicator.code},,,,Ikke registrert"
                        )
                        count += 1
                        continue
                    lines.append(f"{municipality.code},{period},{indicator.code},,{total},,")
                    count += 1
                    for dimension in indicator.dimensions.all():
                        options = list(dimension.options.all())
                        first = rng.randint(0, total)
                        for option, part in zip(options, (first, total - first), strict=True):
                            lines.append(
                                f"{municipality.code},{period},{indicator.code},{option.code},{part},,"
                            )
                            count += 1
    return "\n".join(lines) + "\n", count


def timed(fn, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def _import(transfer, admin, programme, csv_text: str):
    """The CSV import, optionally under cProfile (BENCH_PROFILE=sortkey, BENCH_CALLERS=name)."""
    if not os.environ.get("BENCH_PROFILE"):
        return transfer.import_csv(user=admin, programme=programme, data=csv_text.encode())
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    result = profiler.runcall(
        transfer.import_csv, user=admin, programme=programme, data=csv_text.encode()
    )
    stats = pstats.Stats(profiler).sort_stats(os.environ["BENCH_PROFILE"])
    stats.print_stats(30)
    if os.environ.get("BENCH_CALLERS"):
        stats.print_callers(os.environ["BENCH_CALLERS"])
    return result


def _measure_import(admin, programme, municipalities) -> dict:
    from boligsosial.reporting import transfer
    from boligsosial.reporting.models import Report, ReportStatus, ReportValue

    csv_text, count = build_csv(municipalities)
    started = time.perf_counter()
    cpu_started = time.process_time()
    result = _import(transfer, admin, programme, csv_text)
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu_started
    assert result.values == count, (result.values, count)
    measured = {
        "count": count,
        "csv_bytes": len(csv_text.encode()),
        "import_seconds": import_seconds,
        "import_cpu": import_cpu,
        "stored": ReportValue.objects.count(),
        "reports": Report.objects.count(),
    }
    Report.objects.update(status=ReportStatus.APPROVED)
    connection.cursor().execute("ANALYZE")
    return measured


def _measure_table(admin, programme) -> dict:
    from django.test import Client

    from boligsosial.reporting import selectors
    from boligsosial.reporting.models import Indicator, ReportStatus, ReportValue

    def table():
        return selectors.programme_table(programme, "homeless_persons", user=admin)

    def table_year():
        return selectors.programme_table(programme, "homeless_persons", user=admin, per_year=True)

    client = Client()
    client.force_login(admin)
    page_url = f"/rapportering/program/{programme.pk}/tabell/?indikator=homeless_persons"

    def page():
        response = client.get(page_url)
        assert response.status_code == 200

    if os.environ.get("BENCH_PROFILE_TABLE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(table)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    ids = list(Indicator.objects.filter(code="homeless_persons").values_list("pk", flat=True))

    values_table = ReportValue._meta.db_table
    reports_table = ReportValue._meta.get_field("report").related_model._meta.db_table
    periods_table = programme.reporting_periods.model._meta.db_table
    sql = (
        f"SELECT r.participation_id, r.period_id, v.indicator_id, v.value, v.not_available, "
        f"v.report_id FROM {values_table} v JOIN {reports_table} r ON r.id = v.report_id "
        f"JOIN {periods_table} p ON p.id = r.period_id WHERE p.programme_id = %s "
        f"AND r.status = %s AND v.option_id IS NULL AND v.indicator_id IN "
        f"({', '.join(['%s'] * len(ids))})"
    )

    def query_only():
        # The same numbers the selector reads, as one hand-written query (the baseline;
        # until issue 14 this was an ORM query).
        with connection.cursor() as cursor:
            cursor.execute(sql, [programme.pk, ReportStatus.APPROVED, *ids])
            return cursor.fetchall()

    measured = {
        "query": timed(query_only),
        "table": timed(table),
        "year": timed(table_year),
        "page": timed(page),
    }
    rows = table()
    assert len(rows.rows) == MUNICIPALITIES and len(rows.columns) == 20
    return measured


def _print_report(vendor: str, m: dict) -> None:
    count, import_seconds, import_cpu = m["count"], m["import_seconds"], m["import_cpu"]
    (query_median, query_min), (table_median, table_min) = m["query"], m["table"]
    (year_median, year_min), (page_median, page_min) = m["year"], m["page"]
    print(f"## Reporting benchmark – {vendor}")
    print()
    print(f"- date: {dt.datetime.now().isoformat(timespec='minutes')}")
    print(
        f"- machine: `{' '.join(platform.uname())}`, {os.cpu_count()} CPUs, {_ram()} RAM; Python {platform.python_version()}, Django {django.get_version()}"
    )
    print(
        f"- data: {MUNICIPALITIES} municipalities × {len(YEARS)} years × 2 half-years = {m['reports']} reports; {count} values in the CSV "
        f"({m['csv_bytes'] / 1e6:.1f} MB), {m['stored']} rows stored (incl. derived rates)"
    )
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| CSV import ({count} values, all rows validated, one transaction) | {import_seconds:.2f} s = **{count / import_seconds:,.0f} values/s** | ≥ 50 000 values/s |"
    )
    print(
        f"| – CPU time of this process during the import (a database server's own is not included) | {import_cpu:.2f} s = {count / import_cpu:,.0f} values/s | – |"
    )
    print(
        f"| programme-wide table, selector (357 × 20 half-years), median of {REPEATS} | **{table_median * 1000:.0f} ms** (min {table_min * 1000:.0f}) | < 200 ms |"
    )
    print(
        f"| – of which the one query (7 140 values), median | {query_median * 1000:.0f} ms (min {query_min * 1000:.0f}) | – |"
    )
    print(
        f"| programme-wide table per year (flows summed, stocks last), median | {year_median * 1000:.0f} ms (min {year_min * 1000:.0f}) | – |"
    )
    print(
        f"| programme-wide table, whole page through Django (query + HTML), median | **{page_median * 1000:.0f} ms** (min {page_min * 1000:.0f}) | < 200 ms |"
    )


def main() -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    vendor = connection.vendor
    # Its own throw-away database, so a test run on the same server is never disturbed.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"/tmp/boligsosial-reporting-bench-{os.getpid()}.sqlite3"
        if vendor == "sqlite"
        # A name of its own per run: two runs at once must not drop each other's database.
        else f"boligsosial_reporting_bench_{os.getpid()}_{int(time.time())}"
    )
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        admin, programme, municipalities = build_world()
        measured = _measure_import(admin, programme, municipalities)
        measured.update(_measure_table(admin, programme))
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    _print_report(vendor, measured)


def _ram() -> str:
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        return f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
