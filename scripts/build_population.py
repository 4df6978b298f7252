"""Make municipalities/data/population/ssb_07459_b2020.csv from FHI's csdata package.

Usage (needs the `rdata` package, which Boligsosial itself does not use):

    git clone https://github.com/niphr/csdata  # commit 5934512 was used
    python scripts/build_population.py csdata/data-raw/data-temp/nor_population_by_age_municip_b2020.rds

The .rds file holds SSB table 07459 (population 1 January by municipality and one-year age),
2005 onwards, added up by csdata to the municipal structure of 2020. Rows csdata marks as
imputed (the last real year carried forward) are left out; ages are summed.
"""

import csv
import sys
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent
    / "boligsosial/municipalities/data/population/ssb_07459_b2020.csv"
)


def main(rds_path: str) -> None:
    import rdata  # type: ignore[import-not-found]

    frame = rdata.read_rds(rds_path)
    frame = frame[(frame.granularity_geo == "municip") & (~frame.imputed.astype(bool))]
    frame = frame.assign(code=frame.location_code.str[-4:])
    totals = frame.groupby(["code", "year"])["pop_jan1"].sum().reset_index()
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["year", "code", "pop"])
        for row in totals.sort_values(["code", "year"]).itertuples():
            writer.writerow([int(row.year), row.code, int(row.pop_jan1)])
    print(f"Skrev {len(totals)} rader til {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
