"""The CSV import keeps nothing per row (issue 14: a national file was held at ~13× its size).

Two files are imported from disk, one five times the other's number of reports; Python's own
allocation counter (tracemalloc, deterministic, unlike the process's resident size) gives each
import's peak. What the larger file costs beyond the smaller, per value, must stay far below
what holding the rows costs (a row held as a list of seven strings is about 500 bytes; the
import keeps one slot per value of each report, 16 bytes, and caches of bounded size).
"""

import datetime as dt
import tracemalloc

from boligsosial.reporting import transfer
from boligsosial.reporting.models import Indicator, ReportTemplate, ReportValue, Unit
from boligsosial.reporting.tests.factories import PeriodFactory

HEADER = "kommunenummer,periode,indikator,disaggregering,verdi,kommentar,ikke_tilgjengelig\n"
PER_VALUE_LIMIT = 150  # bytes


def _indicators():
    template = ReportTemplate.objects.get(is_current=True)
    return [
        i
        for i in Indicator.objects.filter(pk__in=template.indicators.values("pk"))
        .prefetch_related("dimensions__options")
        .order_by("order")
        if not i.is_derived
    ]


def _write(path, codes, periods, indicators) -> int:
    """The whole catalogue for every municipality and period; few distinct values."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for code in codes:
            for period in periods:
                for indicator in indicators:
                    if indicator.unit == Unit.DATE:
                        fh.write(f"{code},{period},{indicator.code},,2015-06-18,,\n")
                        count += 1
                        continue
                    total = 1 if indicator.unit == Unit.YES_NO else 4
                    fh.write(f"{code},{period},{indicator.code},,{total},,\n")
                    count += 1
                    for dimension in indicator.dimensions.all():
                        options = list(dimension.options.all())[:2]
                        parts = (total // 2, total - total // 2)
                        for option, part in zip(options, parts, strict=False):
                            fh.write(f"{code},{period},{indicator.code},{option.code},{part},,\n")
                            count += 1
    return count


def _peak_of_import(world, path) -> int:
    tracemalloc.start()
    try:
        with path.open("rb") as fh:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            transfer.import_csv(user=world.admin, programme=world.programme, data=fh)
            return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_a_larger_file_costs_no_memory_per_row(world, tmp_path):
    years = list(range(1990, 2014))
    for year in years:
        for half in (1, 2):
            PeriodFactory(programme=world.programme, year=year, half=half)
    codes = [world.drammen.code, world.skien.code]
    indicators = _indicators()
    small_periods = [f"{y}S{h}" for y in years[:4] for h in (1, 2)]
    large_periods = [f"{y}S{h}" for y in years[4:] for h in (1, 2)]
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    n_small = _write(small, codes, small_periods, indicators)
    n_large = _write(large, codes, large_periods, indicators)
    assert n_large == 5 * n_small

    peak_small = _peak_of_import(world, small)
    peak_large = _peak_of_import(world, large)

    assert ReportValue.objects.filter(report__period__start__lt=dt.date(2014, 1, 1)).count() >= (
        n_small + n_large
    )
    per_value = (peak_large - peak_small) / (n_large - n_small)
    assert per_value < PER_VALUE_LIMIT, (
        f"{per_value:.0f} bytes a value more for the larger file "
        f"(peaks {peak_small:,} and {peak_large:,} bytes; {n_small} and {n_large} values)"
    )
