"""Issue 11: closed choices, bounded years and numbers, versions on API edits, upload bounds.

Each test here failed before its fix: an ORM lookup built from `measure`, 500s from years
0 or negative, an unknown instrument, huge integers, NaN/Infinity, a zip bomb, a population
of 10^12 stored without a question, API edits without a version.
"""

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.audit.models import AuditEntry
from boligsosial.instruments import importers, jsonstat, services
from boligsosial.instruments.importers import ImportRefused
from boligsosial.instruments.models import (
    ApplicationStatus,
    GrantApplication,
    ImportBatch,
    Instrument,
    InstrumentFigure,
    RegionalFrame,
)
from boligsosial.municipalities.models import Population

DATA = Path(__file__).parent / "data"
SSB_07459 = (DATA / "ssb_07459_pxwebapi_v2.json").read_bytes()


def api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


def _counts() -> tuple[int, ...]:
    return (
        InstrumentFigure.objects.count(),
        ImportBatch.objects.count(),
        Population.objects.count(),
        AuditEntry.objects.count(),
    )


# Closed choices and bounded years in the analyses API ------------------------------------


def test_measure_is_a_closed_choice_and_no_longer_reaches_the_orm(world, client_for):
    client = client_for(world.drammen_leader)
    InstrumentFigure.objects.create(
        instrument=Instrument.START_LOAN, code="0602", year=2011, amount=Decimal(1)
    )
    leak = client.get(
        api("analysis_series"),
        {
            "code": "0602",
            "structure_date": "2011-12-31",
            "from_year": 2011,
            "to_year": 2011,
            "measure": "batch__imported_by__is_superuser",
        },
    )
    assert leak.status_code == 422
    assert "Ukjent mål «batch__imported_by__is_superuser»" in json.dumps(
        leak.json(), ensure_ascii=False
    )
    did = client.get(api("analysis_did"), {"measure": "x"})
    assert did.status_code == 422 and "Ukjent mål «x»" in json.dumps(did.json(), ensure_ascii=False)
    unknown = client.get(api("analysis_growth"), {"instrument": "boliglån"})
    assert unknown.status_code == 422
    assert "Ukjent virkemiddel" in json.dumps(unknown.json(), ensure_ascii=False)


@pytest.mark.parametrize(
    "route, params",
    [
        ("analysis_growth", {"to_year": 0}),
        ("analysis_growth", {"to_year": -5}),
        ("analysis_growth", {"baseline_year": 0}),
        ("analysis_share", {"year": 0}),
        ("analysis_share", {"year": 10**30}),
        ("analysis_comparison", {"from_year": -1}),
        ("analysis_did", {"pre_from": 0}),
        (
            "analysis_series",
            {"code": "0602", "structure_date": "2011-12-31", "from_year": 0, "to_year": 2011},
        ),
    ],
)
def test_years_outside_1977_to_2100_are_refused_with_a_norwegian_message(
    world, client_for, route, params
):
    response = client_for(world.admin).get(api(route), params)
    assert response.status_code == 422
    assert "må være mellom 1977 og 2100" in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize(
    "route, params",
    [
        ("analysis_comparison", {"from_year": 2011, "to_year": 2008}),
        ("analysis_did", {"pre_from": 2009, "pre_to": 2008}),
        ("analysis_did", {"pre_to": 2011, "post_from": 2010}),
    ],
)
def test_an_empty_or_overlapping_year_span_is_refused_not_a_500(world, client_for, route, params):
    response = client_for(world.admin).get(api(route), params)
    assert response.status_code == 422
    assert "Ugyldige data" in response.json()["detail"]


def test_the_pages_keep_measure_and_instrument_to_their_choices(world, client_for):
    client = client_for(world.admin)
    for name in ("growth", "comparison", "did", "figures", "series"):
        response = client.get(
            reverse(f"instruments:{name}"),
            {"measure": "batch__imported_by__is_superuser", "instrument": "x"},
        )
        assert response.status_code == 200, name
        assert "Velg et gyldig valg" in response.content.decode(), name


# Frames and figures through the API ---------------------------------------------------------


FRAME = {"region": "sor", "instrument": "competence_grant", "year": 2012, "amount": "6000000"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"instrument": "boliglån"}, "instrument"),
        ({"instrument": "start_loan"}, "instrument"),  # a loan has no frame
        ({"region": "mars"}, "region"),
        ({"year": 10**30}, "year"),
        ({"year": 0}, "year"),
        ({"amount": str(10**40)}, "amount"),
        ({"amount": "1e309"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"programme_target_percent": "101"}, "programme_target_percent"),
    ],
)
def test_a_bad_frame_is_refused_naming_the_field(world, client_for, change, field):
    response = client_for(world.admin).post(
        api("save_frame"), {**FRAME, **change}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not RegionalFrame.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "1e309"}, "amount"),
        ({"amount": str(10**20)}, "amount"),
        ({"count": 10**30}, "count"),
        ({"count": -1}, "count"),
        ({"year": 10**30}, "year"),
        ({"month": 13}, "month"),
        ({"code": "06021"}, "code"),
        ({"instrument": "boliglån"}, "instrument"),
    ],
)
def test_a_bad_figure_is_refused_naming_the_field(world, client_for, change, field):
    payload = {"instrument": "start_loan", "code": "0602", "year": 2012, "amount": "1", **change}
    response = client_for(world.admin).post(
        api("save_figure"), payload, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not InstrumentFigure.objects.exists()


def test_a_figure_above_the_plausible_amount_is_refused_by_the_service(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="høyeste tillatte"):
        services.figure_save(
            user=world.admin,
            instrument=Instrument.START_LOAN,
            code="0602",
            year=2012,
            amount=Decimal(10) ** 12,
        )


# Versions on API edits ---------------------------------------------------------------------


def test_an_api_edit_of_an_existing_frame_needs_its_version(world, client_for):
    client = client_for(world.admin)
    created = client.post(api("save_frame"), FRAME, content_type="application/json")
    assert created.status_code == 200 and created.json()["version"] == 1
    missing = client.post(
        api("save_frame"), {**FRAME, "amount": "7000000"}, content_type="application/json"
    )
    assert missing.status_code == 428 and missing.json()["current_version"] == 1
    ok = client.post(
        api("save_frame"),
        {**FRAME, "amount": "7000000", "version": 1},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.post(
        api("save_frame"),
        {**FRAME, "amount": "8000000", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert RegionalFrame.objects.get().amount == 7_000_000


def test_submitting_and_deciding_through_the_api_need_the_version(world, client_for):
    application = GrantApplication.objects.create(
        participation=world.drammen_participation,
        instrument=Instrument.PROGRAMME_GRANT,
        year=2011,
        amount_applied=Decimal(1_000_000),
        purpose="Delprosjekter",
    )
    leader = client_for(world.drammen_leader)
    url = api("submit_application", pk=application.pk)
    assert leader.post(url, {}, content_type="application/json").status_code == 428
    assert leader.post(url, {"version": 7}, content_type="application/json").status_code == 409
    assert leader.post(url, {"version": 1}, content_type="application/json").status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    decision = {"granted": True, "amount_granted": "500000", "commitment_letter_date": "2011-03-01"}
    admin = client_for(world.admin)
    url = api("decide_application", pk=application.pk)
    assert admin.post(url, decision, content_type="application/json").status_code == 428
    response = admin.post(
        url, {**decision, "version": application.version}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "granted"


def test_instruments_and_registry_schema_names_are_unique_in_the_whole_api(client_for, world):
    from ninja import Schema

    import config.api  # noqa: F401 (every router imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    owners: dict[str, set[str]] = {}
    for schema in subclasses(Schema):
        if schema.__module__.startswith("boligsosial."):
            owners.setdefault(schema.__name__, set()).add(schema.__module__)
    ours = ("boligsosial.instruments", "boligsosial.municipalities")
    clashes = {
        name: modules
        for name, modules in owners.items()
        if len(modules) > 1 and any(m.startswith(ours) for m in modules)
    }
    assert clashes == {}
    document = client_for(world.admin).get(reverse("api:openapi-json")).json()
    assert "GrantDecisionIn" in document["components"]["schemas"]
    assert "RegistryMunicipalityOut" in document["components"]["schemas"]


# Figures import: zip bomb, non-finite numbers, huge cells -----------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 20_000_000)
    return buffer.getvalue()


def test_a_zip_bomb_xlsx_is_refused_before_openpyxl_opens_it(world, client_for):
    bomb = _zip_bomb()
    assert len(bomb) < 100_000
    before = _counts()
    response = client_for(world.admin).post(
        reverse("instruments:import"),
        {"kind": "figures", "file": SimpleUploadedFile("tall.xlsx", bomb)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "zip-bombe" in page
    assert _counts() == before


@pytest.mark.parametrize(
    "amount, message",
    [
        ("NaN", "«NaN» er ikke et endelig tall"),
        ("Infinity", "«Infinity» er ikke et endelig tall"),
        ("sNaN", "«sNaN» er ikke et endelig tall"),
        ("1e309", "større enn det høyeste tillatte"),
        ("99999999999999999999", "større enn det høyeste tillatte"),
    ],
)
def test_non_finite_and_huge_amounts_in_a_csv_are_refused_naming_row_and_column(
    world, amount, message
):
    content = f"kommunenummer;år;virkemiddel;beløp\n0602;2011;Startlån;{amount}\n".encode()
    before = _counts()
    with pytest.raises(ImportRefused) as refused:
        services.figures_import(user=world.admin, file_name="tall.csv", content=content)
    assert any(
        p.startswith("Rad 2, kolonne «beløp»") and message in p for p in refused.value.problems
    )
    assert _counts() == before


@pytest.mark.parametrize("year", ["Infinity", "1e309", "sNaN", "-2011"])
def test_a_non_finite_year_is_a_clear_refusal(world, year):
    content = f"kommunenummer;år;virkemiddel;beløp\n0602;{year};Startlån;1\n".encode()
    with pytest.raises(ImportRefused, match="kolonne «år»"):
        services.figures_import(user=world.admin, file_name="tall.csv", content=content)


def test_a_huge_csv_field_is_refused_with_its_place_not_a_csv_error(world, client_for):
    content = "kommunenummer;år;virkemiddel;beløp;kilde\n0602;2011;Startlån;1;" + "x" * 200_000
    response = client_for(world.admin).post(
        reverse("instruments:import"),
        {"kind": "figures", "file": SimpleUploadedFile("tall.csv", content.encode())},
    )
    assert response.status_code == 200
    assert "Rad 2" in response.content.decode()
    assert not InstrumentFigure.objects.exists()


def test_too_many_rows_or_too_large_a_file_is_refused(world, monkeypatch):
    rows = "".join(f"0602;{2000 + i % 20};Startlån;{i + 1}\n" for i in range(10))
    monkeypatch.setattr(importers, "MAX_ROWS", 5)
    with pytest.raises(ImportRefused, match="flere enn 5 rader"):
        services.figures_import(
            user=world.admin,
            file_name="tall.csv",
            content=("kommunenummer;år;virkemiddel;beløp\n" + rows).encode(),
        )
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportRefused, match="for stor"):
        services.figures_import(user=world.admin, file_name="tall.csv", content=b"x" * 101)


# JSON-stat: NaN, Infinity, 1e309, depth, implausible population ----------------------------


@pytest.mark.parametrize(
    "replace, message",
    [
        ("62815", "NaN"),
        ("62815", "Infinity"),
        ("62815", "1e309"),
        ("62815", "1e400"),
    ],
)
def test_non_finite_json_stat_values_are_refused_and_nothing_saved(world, replace, message):
    content = SSB_07459.replace(replace.encode(), message.encode())
    before = _counts()
    for importer in (services.population_import_jsonstat, services.statistics_import_jsonstat):
        with pytest.raises(jsonstat.JsonStatError):
            importer(user=world.admin, content=content, file_name="07459.json")
    assert _counts() == before


def test_deeply_nested_json_stat_is_refused_without_a_recursion_error(world):
    content = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(jsonstat.JsonStatError, match="nøstet for dypt"):
        services.population_import_jsonstat(user=world.admin, content=content, file_name="x.json")


def test_a_population_of_ten_to_the_twelfth_is_refused_naming_municipality_and_year(
    world, client_for
):
    content = SSB_07459.replace(b"63582", str(10**11).encode())
    before = _counts()
    response = client_for(world.admin).post(
        reverse("instruments:import"),
        {"kind": "population", "file": SimpleUploadedFile("07459.json", content)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kommune 0602, år 2011: innbyggertallet 100000000000 er utenfor 0–2" in page
    assert _counts() == before
    content = SSB_07459.replace(b"63582", str(10**12).encode())
    with pytest.raises(jsonstat.JsonStatError, match="Verdi nummer 4 er ikke et endelig tall"):
        services.population_import_jsonstat(user=world.admin, content=content, file_name="x.json")


def test_the_registry_population_file_refuses_an_implausible_population(db, tmp_path):
    from boligsosial.municipalities.services import PopulationFileError, population_load_file

    path = tmp_path / "population.json"
    path.write_text(json.dumps({"values": [{"code": "0602", "year": 2011, "value": 10**12}]}))
    with pytest.raises(PopulationFileError, match="Rad 1 \\(kommune 0602\\): innbyggertallet"):
        population_load_file(path)
    path.write_text("[" * 10_000 + "]" * 10_000)
    with pytest.raises(PopulationFileError, match="nøstet for dypt"):
        population_load_file(path)
    assert not Population.objects.exists()


# CSV exports ---------------------------------------------------------------------------------


def test_csv_exports_write_formula_like_text_as_text(world, client_for):
    municipality = world.drammen_participation.municipality
    municipality.name = '=HYPERLINK("http://evil.example","klikk")'
    municipality.save()
    GrantApplication.objects.create(
        participation=world.drammen_participation,
        instrument=Instrument.PROGRAMME_GRANT,
        year=2011,
        amount_applied=Decimal(1_000_000),
        purpose="Delprosjekter",
    )
    response = client_for(world.admin).get(reverse("instruments:applications"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert not any(line.startswith(("=", "+", "@")) for line in text.splitlines())
    assert ";1000000;" in text  # numbers stay numbers
