"""Illustrative result goals that show the progress rule (not in the report).

(municipality, key, parent key, title, fields, measurements)
"""

from decimal import Decimal

from boligsosial.plans.demo.common import D

RESULT_GOALS = [
    (
        "Skien",
        "r1",
        "m2",
        "Flere kommunale leietakere kjøper egen bolig gjennom «Egen bolig»",
        dict(
            custom_measure_name="Leietakere som har flyttet og kjøpt bolig eller er i gang med prosessen (akkumulert)",
            custom_measure_definition="Antall leietakere i kommunal bolig som siden prosjektstart har kjøpt bolig eller har fått finansiering og er i gang med kjøp. Telles av prosjektleder i «Egen bolig» ved hver rapportering.",
            custom_measure_unit="leietakere",
            custom_better="higher",
            baseline_value=Decimal(0),
            baseline_date=D(2010, 12, 1),
            target_value=Decimal(40),
            target_date=D(2013, 12, 31),
        ),
        [(D(2011, 6, 30), Decimal(16), "Rapporten kap. 5.3 Skien: rapportering 30.06.11")],
    ),
    (
        "Drammen",
        "r1",
        "m3",
        "Boligløftet: kjøpe flere kommunale utleieboliger",
        dict(
            custom_measure_name="Boliger kjøpt gjennom boligløftet (akkumulert)",
            custom_measure_definition="Boliger Drammen Eiendom KF har kjøpt for midlene bystyret bevilget til boligløftet i juni 2011.",
            custom_measure_unit="boliger",
            custom_better="higher",
            baseline_value=Decimal(0),
            baseline_date=D(2011, 6, 15),
            target_value=Decimal(40),
            target_date=D(2012, 12, 31),
        ),
        [
            (
                D(2011, 12, 1),
                Decimal(20),
                "Rapporten kap. 5.5: 20 boliger kjøpt for om lag 30 mill. kroner",
            )
        ],
    ),
    (
        "Drammen",
        "r2",
        "m1",
        "Færre bostedsløse kjent av kommunen",
        dict(
            indicator_code="homeless_persons",
            baseline_value=Decimal(104),
            baseline_date=D(2010, 12, 31),
            target_value=Decimal(70),
            target_date=D(2013, 12, 31),
        ),
        [],
    ),
    (
        "Sandefjord",
        "r1",
        "s4",
        "Ingen gjennomførte utkastelser fra kommunale boliger",
        dict(
            indicator_code="evictions",
            baseline_value=Decimal(8),
            baseline_date=D(2010, 6, 30),
            target_value=Decimal(0),
            target_date=D(2014, 12, 31),
        ),
        [],
    ),
]
