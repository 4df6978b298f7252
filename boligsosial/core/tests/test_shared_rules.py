"""The shared helpers every app uses: versioned forms, private downloads, spreadsheet-safe
cells, upload bounds and the version an API edit must name."""

import io
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from boligsosial.core.concurrency import (
    MAX_VERSION,
    StaleEditError,
    VersionRequiredError,
    bump_version,
    require_version,
)
from boligsosial.core.downloads import private_file_response
from boligsosial.core.forms import (
    VersionedFormMixin,
    apply_validation_error,
    keep_input_after_stale_edit,
)
from boligsosial.core.spreadsheet import (
    FORMULA_TRIGGERS,
    safe_cell,
    safe_row,
    safe_text,
    write_text_cell,
)
from boligsosial.core.uploads import check_size, check_zip_archive, load_json
from boligsosial.core.validation import check_values
from boligsosial.programmes.models import Organisation

# VersionedFormMixin ---------------------------------------------------------------------


class OrganisationNotesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["notes"]


class PlainForm(VersionedFormMixin, forms.Form):
    notes = forms.CharField(required=False)


def test_a_versioned_model_form_carries_the_instances_version_hidden(world):
    organisation = world.drammen_participation.organisation
    organisation.version = 7
    form = OrganisationNotesForm(instance=organisation)
    assert isinstance(form.fields["version"].widget, forms.HiddenInput)
    assert form.fields["version"].initial == 7
    assert 'type="hidden" name="version" value="7"' in str(form["version"])


def test_a_plain_versioned_form_takes_the_version_from_initial_and_may_go_without():
    assert PlainForm(initial={"version": 3})["version"].value() == 3
    bound = PlainForm({"notes": "x", "version": ""})
    assert bound.is_valid() and bound.cleaned_data["version"] is None
    assert PlainForm({"version": "4"}).is_valid()
    assert not PlainForm({"version": "fire"}).is_valid()


def test_a_service_error_lands_on_its_field_or_on_the_form(world):
    form = PlainForm({"notes": "x"})
    form.is_valid()
    apply_validation_error(form, ValidationError({"notes": "Feil her.", "other": "Og her."}))
    assert form.errors["notes"] == ["Feil her."] and "Og her." in form.non_field_errors()
    apply_validation_error(form, ValidationError("Generelt."))
    assert "Generelt." in form.non_field_errors()


def test_after_a_stale_edit_the_input_stays_and_the_version_is_the_stored_one(world):
    organisation = world.drammen_participation.organisation
    Organisation.objects.filter(pk=organisation.pk).update(version=5)
    form = OrganisationNotesForm({"notes": "Mitt", "version": "1"}, instance=organisation)
    form.is_valid()
    keep_input_after_stale_edit(form, StaleEditError(organisation, 1))
    assert form.data["notes"] == "Mitt" and form.data["version"] == 5
    assert "Noen andre har lagret" in " ".join(form.non_field_errors())


# require_version and bump_version -----------------------------------------------------


def test_an_api_edit_without_a_version_is_refused_with_the_object_named(world):
    organisation = world.drammen_participation.organisation
    with pytest.raises(VersionRequiredError) as excinfo:
        require_version(None, organisation)
    assert excinfo.value.obj == organisation and "version" in str(excinfo.value)
    assert require_version(3, organisation) == 3


@pytest.mark.parametrize("version", [0, -1, MAX_VERSION + 1, 10**30])
def test_a_version_no_object_can_have_is_a_validation_error(version):
    with pytest.raises(ValidationError) as excinfo:
        require_version(version)
    assert "version" in excinfo.value.message_dict


def test_bump_version_counts_up_and_refuses_a_stale_version(world):
    organisation = world.drammen_participation.organisation
    bump_version(organisation, 1)
    assert organisation.version == 2
    with pytest.raises(StaleEditError):
        bump_version(organisation, 1)
    assert Organisation.objects.get(pk=organisation.pk).version == 2


# check_values -------------------------------------------------------------------------


def test_check_values_names_each_refused_field_in_norwegian():
    with pytest.raises(ValidationError) as excinfo:
        check_values(Organisation, {"notes": None, "steering_group_leader_rank": "king", "ftes": 3})
    errors = excinfo.value.message_dict
    assert set(errors) == {"notes", "steering_group_leader_rank"}
    assert errors["notes"] == ["Merknader: feltet kan ikke være tomt (null). Send en verdi."]
    check_values(Organisation, {"notes": "", "participation": None})  # relations are skipped


# private_file_response ------------------------------------------------------------------


def test_a_private_download_is_an_attachment_never_cached_sniffed_or_rendered():
    response = private_file_response(
        io.BytesIO(b"<html>"), filename="rapport «2011».html", content_type="text/html"
    )
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "rapport" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content) == b"<html>"


def test_a_download_without_a_type_is_an_opaque_octet_stream():
    response = private_file_response(io.BytesIO(b"x"), filename="a.bin")
    assert response["Content-Type"] == "application/octet-stream"


# spreadsheet ---------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_text_a_spreadsheet_would_run_as_a_formula_is_made_inert(trigger):
    text = f'{trigger}HYPERLINK("http://x","klikk")'
    assert safe_text(text) == "'" + text
    assert safe_cell(text) == "'" + text


def test_the_six_triggers_are_owasps():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("value", [-5, 3.5, 0, None, "", "Drammen", "12", "a=b"])
def test_numbers_and_harmless_text_are_untouched(value):
    from decimal import Decimal

    assert safe_cell(value) == value
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_row([value, -1, "=1"]) == [value, -1, "'=1"]


def test_a_text_cell_in_a_workbook_is_text_even_when_it_looks_like_a_formula():
    sheet = Workbook().active
    write_text_cell(sheet["A1"], "=SUM(A2:A3)")
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "'=SUM(A2:A3)"


# uploads --------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_unpacked():
    bomb = bytearray(zip_of({"xl/worksheets/sheet1.xml": b"\0" * 20_000_000}))
    member = zipfile.ZipFile(io.BytesIO(bytes(bomb))).infolist()[0]
    # Spoil the first deflate block (reserved block type): unpacking now fails with
    # zlib's error, so a Norwegian refusal proves the check read only the directory.
    bomb[member.header_offset + 30 + len(member.filename)] = 0x07
    with pytest.raises(zlib.error):
        zipfile.ZipFile(io.BytesIO(bytes(bomb))).read(member.filename)
    with pytest.raises(ValidationError, match="zip-bombe"):
        check_zip_archive(bytes(bomb), what="Excel-filen")


def test_an_archive_that_unpacks_too_large_or_has_too_many_parts_is_refused():
    data = zip_of({f"part{i}.xml": b"<a/>" for i in range(4)})
    with pytest.raises(ValidationError, match="for mange deler"):
        check_zip_archive(data, what="Filen", max_members=3)
    with pytest.raises(ValidationError, match="pakkes ut"):
        check_zip_archive(data, what="Filen", max_total=10)
    check_zip_archive(data, what="Filen")


def test_a_file_that_is_not_a_zip_gets_a_norwegian_message_and_a_stream_is_rewound():
    with pytest.raises(ValidationError, match="ikke en gyldig fil"):
        check_zip_archive(b"PK not really", what="Word-filen")
    stream = io.BytesIO(zip_of({"a.txt": b"a"}))
    check_zip_archive(stream, what="Filen")
    assert stream.tell() == 0


def test_an_upload_over_the_size_limit_is_refused_with_both_sizes():
    with pytest.raises(ValidationError, match=r"for stor \(2 MB\).*1 MB"):
        check_size(b"x" * 2 * 1024 * 1024, what="Filen", limit=1024 * 1024)
    check_size(b"x", what="Filen")


@pytest.mark.parametrize("depth", [65, 100_000])
def test_json_nested_too_deep_is_refused_without_recursion(depth):
    with pytest.raises(ValidationError, match="nøstet for dypt"):
        load_json("[" * depth + "]" * depth, what="JSON-stat-filen")


def test_json_at_the_depth_limit_and_brackets_inside_strings_are_fine():
    assert load_json("[" * 64 + "]" * 64, what="Fila") == eval("[" * 64 + "]" * 64)
    assert load_json('{"a": "[[[[[["}', what="Fila", max_depth=2) == {"a": "[[[[[["}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_refused(constant):
    with pytest.raises(ValidationError, match="ikke gyldig JSON"):
        load_json(f'{{"value": {constant}}}', what="Fila")


def test_json_that_is_not_utf8_is_refused_and_a_bom_is_accepted():
    with pytest.raises(ValidationError, match="ikke UTF-8-kodet"):
        load_json('{"navn": "Bærum"}'.encode("latin-1"), what="Fila")
    assert load_json('\ufeff{"navn": "Bærum"}'.encode(), what="Fila") == {"navn": "Bærum"}
    with pytest.raises(ValidationError, match="ikke gyldig JSON"):
        load_json(b"{", what="Fila")
