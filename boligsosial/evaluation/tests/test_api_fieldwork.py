"""The fieldwork API: interviews with their notes per guide question, and documents, under
the same team-only rules and through the same services as the pages."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boligsosial.accounts.models import Role
from boligsosial.accounts.tests.factories import UserFactory
from boligsosial.audit.models import AuditEntry
from boligsosial.evaluation.models import Document, Interview


def api(name: str, *args) -> str:
    return reverse(f"api:{name}", args=list(args))


def _json(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_team_registers_reads_and_edits_an_interview_through_the_api(
    world, fieldwork, client_for
):
    client = client_for(world.evaluator)
    ev = fieldwork.evaluation
    guides = client.get(api("evaluation_guides", ev.pk)).json()
    guide = next(g for g in guides if g["audience"] == "municipality")
    numbers = [q["number"] for q in guide["questions"]]
    assert numbers[:3] == [1, 2, 3]
    created = _json(
        client,
        "post",
        api("evaluation_interview_create", ev.pk),
        {
            "guide_id": guide["id"],
            "held_on": "2011-10-27",
            "informant_role": "boligkonsulent",
            "organisation": "municipality",
            "participation_id": world.skien_participation.pk,
            "consent": True,
            "answers": {"1": "Vi samarbeider tettere nå.", "3": "Boligtilbudet er for lite."},
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["municipality"], body["version"], body["interviewer"]) == (
        "Skien",
        1,
        world.evaluator.get_username(),
    )
    assert [(a["number"], a["notes"]) for a in body["answers"]] == [
        (1, "Vi samarbeider tettere nå."),
        (3, "Boligtilbudet er for lite."),
    ]
    assert body["text"][body["answers"][1]["start"] : body["answers"][1]["end"]] == (
        "Boligtilbudet er for lite."
    )
    listed = client.get(api("evaluation_interviews", ev.pk)).json()
    assert [i["informant_role"] for i in listed] == [
        "programleder",
        "programkontakt",
        "boligkonsulent",
    ]

    url = api("evaluation_interview", body["id"])
    missing = _json(client, "patch", url, {"informant_role": "rådgiver"})
    assert missing.status_code == 428
    edited = _json(
        client,
        "patch",
        url,
        {"version": 1, "informant_role": "rådgiver", "answers": {"2": "Nytt svar."}},
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["informant_role"] == "rådgiver" and edited.json()["version"] == 2
    assert [a["number"] for a in edited.json()["answers"]] == [2]
    stale = _json(client, "patch", url, {"version": 1, "consent_note": "muntlig"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Interview.objects.get(pk=body["id"]).consent_note == ""
    assert AuditEntry.objects.filter(target_id=str(body["id"]), action="update").count() == 1


def test_bad_interview_input_is_refused_in_norwegian_with_nothing_saved(
    world, fieldwork, client_for
):
    client = client_for(world.evaluator)
    ev = fieldwork.evaluation
    guide = ev.guides.get(audience="municipality")
    before = Interview.objects.count()
    base = {
        "guide_id": guide.pk,
        "held_on": "2011-10-27",
        "informant_role": "leder",
        "organisation": "municipality",
        "participation_id": world.skien_participation.pk,
        "consent": True,
    }
    cases = [
        ({"consent": False}, "samtykke"),
        ({"organisation": "kommunen"}, "er ikke en organisasjon"),
        ({"participation_id": None}, "Velg kommunen"),
        ({"guide_id": 10**9}, "Intervjuguiden finnes ikke"),
        ({"participation_id": 10**9}, "ikke med i programmet"),
    ]
    for change, message in cases:
        response = _json(client, "post", api("evaluation_interview_create", ev.pk), base | change)
        assert response.status_code == 422 and message in response.content.decode(), change
    too_long = base | {"answers": {"1": "x" * 200_001}}
    assert (
        _json(client, "post", api("evaluation_interview_create", ev.pk), too_long).status_code
        == 422
    )
    assert Interview.objects.count() == before


def test_interviews_are_for_the_team_only(world, fieldwork, client_for):
    ev = fieldwork.evaluation
    interview = fieldwork.interview
    other_evaluator = UserFactory(username="ev-utenfor", role=Role.EVALUATOR)
    for persona in (world.contact, other_evaluator, world.viewer, world.drammen_leader):
        client = client_for(persona)
        assert client.get(api("evaluation_interviews", ev.pk)).status_code == 404
        assert client.get(api("evaluation_interview", interview.pk)).status_code == 404
        response = _json(client, "patch", api("evaluation_interview", interview.pk), {"version": 1})
        assert response.status_code == 404
    assert client_for(world.contact).get(api("evaluation_guides", ev.pk)).status_code == 200


def test_documents_upload_search_read_download_and_delete(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    ev = fieldwork.evaluation
    response = client.post(
        api("evaluation_document_upload", ev.pk),
        {
            "kind": "status_report",
            "title": "Statusrapport Skien",
            "participation_id": world.skien_participation.pk,
            "dated": "2011-11-01",
            "file": SimpleUploadedFile(
                "skien.txt", b"Boligsosial handlingsplan er vedtatt.", "text/plain"
            ),
        },
    )
    assert response.status_code == 201, response.content
    document = response.json()
    assert (document["municipality"], document["text"], document["size"]) == (
        "Skien",
        "Boligsosial handlingsplan er vedtatt.",
        len(b"Boligsosial handlingsplan er vedtatt."),
    )
    reader = client_for(world.contact)  # documents are read by every reader of the evaluation
    titles = [d["title"] for d in reader.get(api("evaluation_documents", ev.pk)).json()]
    assert titles == ["Statusrapport Drammen", "Statusrapport Skien"]
    found = reader.get(api("evaluation_documents", ev.pk) + "?q=handlingsplan").json()
    assert [d["title"] for d in found] == ["Statusrapport Skien"]
    download = reader.get(api("evaluation_document_file", document["id"]))
    assert b"".join(download.streaming_content) == b"Boligsosial handlingsplan er vedtatt."
    assert reader.delete(api("evaluation_document", document["id"])).status_code in (403, 404)
    assert client.delete(api("evaluation_document", document["id"])).status_code == 204
    assert not Document.objects.filter(pk=document["id"]).exists()


def test_a_refused_upload_says_why_and_keeps_nothing(world, fieldwork, client_for):
    client = client_for(world.evaluator)
    ev = fieldwork.evaluation
    before = Document.objects.count()
    response = client.post(
        api("evaluation_document_upload", ev.pk),
        {
            "kind": "status_report",
            "title": "Bilde",
            "file": SimpleUploadedFile("bilde.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image/png"),
        },
    )
    assert response.status_code == 422
    assert "file" in response.json()["errors"], response.json()
    unknown_kind = client.post(
        api("evaluation_document_upload", ev.pk),
        {"kind": "brev", "title": "X", "file": SimpleUploadedFile("a.txt", b"tekst")},
    )
    assert (
        unknown_kind.status_code == 422 and "Ukjent dokumenttype" in unknown_kind.content.decode()
    )
    assert Document.objects.count() == before
    for persona in (world.viewer, world.drammen_leader):
        assert client_for(persona).get(api("evaluation_documents", ev.pk)).status_code == 404


def test_the_questionnaire_api_names_what_an_imported_form_does_not_run(world, client_for):
    from pathlib import Path

    from boligsosial.evaluation import services, xlsform
    from boligsosial.evaluation.tests import factories as f

    evaluation = f.make_evaluation(world, preload=False)
    example = Path(__file__).parent / "data" / "xlsform" / "example_xls__or_other.xlsx"
    services.questionnaire_create_from_spec(
        user=world.evaluator,
        evaluation=evaluation,
        spec=xlsform.parse_xlsform(example.read_bytes()),
    )
    [form] = client_for(world.evaluator).get(api("evaluation_questionnaires", evaluation.pk)).json()
    assert form["form_id"] == "skjema"
    assert form["import_warnings"] == [
        "Valgfiltre (choice_filter) brukes ikke i Boligsosial; alle svaralternativer vises for "
        "«fav_pastel». Filtrene kommer med ved eksport.",
        "Kolonnene «pastel» i arket choices brukes ikke i Boligsosial, men kommer med ved eksport.",
    ]
