"""The web draft of a national report (issue 14: 1,6 MB at 357 municipalities): chapter 5's
municipalities are a list of links, one page each, and a table with a row per municipality is
shown as its distribution with a link to the whole table on a page of its own. Nothing is
lost: every finding of the whole draft is on the page or on one of its parts. The thresholds
are lowered here so that the test world's programme counts as national."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from boligsosial.core import stored as core_stored
from boligsosial.evaluation_report.rendering import national


@pytest.fixture
def whole(report_world, client_for):
    """The draft page as it is below the threshold (the whole report on one page)."""
    core_stored.forget_memory()
    w = report_world
    page = client_for(w.evaluator).get(reverse("evaluation_report:report", args=[w.report.pk]))
    assert page.status_code == 200
    core_stored.forget_memory()
    yield page.content.decode()
    core_stored.forget_memory()


@pytest.fixture
def parted(whole, monkeypatch):
    """The thresholds lowered (a change of code, which in production changes the stored
    pages' fingerprint: here the stored whole page is dropped instead)."""
    monkeypatch.setattr(national, "NATIONAL_FROM", 1)
    monkeypatch.setattr(national, "LONG", 1)
    cache.clear()
    core_stored.forget_memory()


def _findings(html: str) -> set[str]:
    return set(re.findall(r'data-finding="([^"]+)"', html))


def _part_links(html: str, pk: int) -> list[str]:
    return re.findall(rf'href="(/evalueringsrapport/{pk}/del/[^"]+/)"', html)


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_municipality_has_a_page_of_its_own_linked_from_chapter_5(
    whole, parted, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    page = _get(client, reverse("evaluation_report:report", args=[w.report.pk]))
    sections = re.findall(
        rf'<a class="ds-link" href="(/evalueringsrapport/{w.report.pk}/del/s5-\d+/)">([^<]+)</a>',
        page,
    )
    assert [title for _url, title in sections] == ["5.1 Drammen", "5.2 Skien"]
    assert 'id="kommunene"' in page
    assert "Hver av de 2 kommunenes avsnitt står på en egen side." in page
    # The municipalities' own findings were on the whole page and are no longer …
    for code in ("municipality_0602", "municipality_0806"):
        assert code in _findings(whole) and code not in _findings(page)
    # … but on their pages, each with its number and name and a way to the next one.
    first = _get(client, sections[0][0])
    assert re.search(r"<h1[^>]*>5\.1 Drammen</h1>", first)
    assert "municipality_0602" in _findings(first)
    assert "Neste: 5.2 Skien" in first and "Forrige:" not in first
    second = _get(client, sections[1][0])
    assert "municipality_0806" in _findings(second) and "Forrige: 5.1 Drammen" in second


def test_nothing_of_the_whole_draft_is_lost(whole, parted, report_world, client_for):
    """Every finding of the whole page is on the national page or on a part it links to."""
    w = report_world
    client = client_for(w.evaluator)
    page = _get(client, reverse("evaluation_report:report", args=[w.report.pk]))
    links = _part_links(page, w.report.pk)
    assert len(links) == len(set(links)) > 2
    found = _findings(page).union(*(_findings(_get(client, url)) for url in links))
    assert _findings(whole) <= found
    # The contents list and the page's own links point to headings on the page.
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert "kommunene" in anchors and anchors <= ids, anchors - ids


def test_a_table_with_a_row_per_municipality_is_a_distribution_linked_to_the_whole(
    whole, parted, report_world, client_for
):
    w = report_world
    client = client_for(w.evaluator)
    page = _get(client, reverse("evaluation_report:report", args=[w.report.pk]))
    tables = re.findall(
        rf'<a class="ds-link" href="(/evalueringsrapport/{w.report.pk}/del/funn-[^"]+/)">'
        r"Se hele (?:tabellen|figuren og tabellen) med én rad per kommune: ([^<]+)</a>",
        page,
    )
    assert tables
    url, caption = tables[0]
    assert f"Fordelingen i 2 kommuner: {caption}" in page or (
        f"Antall kommuner per verdi: {caption}" in page
    )
    whole_table = _get(client, url)
    assert re.search(rf"<h1[^>]*>{re.escape(caption)}</h1>", whole_table)
    rows = re.findall(r'<th scope="row">([^<]*(?:<a [^>]*>[^<]*</a>)?)</th>', whole_table)
    shown = {re.sub(r"<[^>]+>", "", row) for row in rows}
    assert {"Drammen", "Skien"} <= shown


def test_a_part_is_shown_only_to_readers_of_the_draft(whole, parted, report_world, client_for):
    w = report_world
    url = reverse("evaluation_report:part", args=[w.report.pk, "s5-1"])
    assert client_for(w.evaluator).get(url).status_code == 200
    for outsider in (w.outsider, w.drammen_leader):  # a published-version reader too
        assert client_for(outsider).get(url).status_code == 404
    missing = reverse("evaluation_report:part", args=[w.report.pk, "s5-99"])
    assert client_for(w.evaluator).get(missing).status_code == 404


def test_below_the_threshold_the_page_is_the_whole_report(whole, report_world, client_for):
    """… and a municipality's section still has a page of its own to link to."""
    w = report_world
    assert not _part_links(whole, w.report.pk)
    assert {"municipality_0602", "municipality_0806"} <= _findings(whole)
    url = reverse("evaluation_report:part", args=[w.report.pk, "s5-1"])
    section = _get(client_for(w.evaluator), url)
    assert re.search(r"<h1[^>]*>5\.1 Drammen</h1>", section)
    assert "municipality_0602" in _findings(section) and "Neste: 5.2 Skien" in section
    table = reverse("evaluation_report:part", args=[w.report.pk, "funn-programme_start"])
    assert client_for(w.evaluator).get(table).status_code == 404  # tables stay on the page


def test_a_change_is_shown_on_the_part_at_the_next_visit(whole, parted, report_world, client_for):
    from boligsosial.plans.models import Goal, GoalLevel

    w = report_world
    client = client_for(w.evaluator)
    url = reverse("evaluation_report:part", args=[w.report.pk, "s5-1"])
    assert "Færre unge i midlertidig bolig" not in _get(client, url)
    Goal.objects.create(
        participation=w.drammen_participation,
        level=GoalLevel.MAIN,
        title="Færre unge i midlertidig bolig",
    )
    assert "Færre unge i midlertidig bolig" in _get(client, url)


def test_a_published_national_version_has_its_parts_and_evidence_on_pages_of_their_own(
    whole, parted, report_world, client_for
):
    """The published version reads like the draft: the municipalities as links, and its
    evidence list (inline below the threshold) on a page of its own that the figures link to.
    A reader of published versions opens them; an outsider gets 404."""
    w = report_world
    reader = client_for(w.drammen_leader)
    url = reverse("evaluation_report:version", args=[w.report.pk, w.version.number])
    page = _get(reader, url)
    base = f"/evalueringsrapport/{w.report.pk}/versjoner/{w.version.number}/del/"
    assert f'href="{base}s5-1/">5.1 Drammen</a>' in page
    assert "municipality_0602" not in _findings(page)
    evidence = f"{base}grunnlag/"
    assert f'href="{evidence}#' in page  # figures link to their evidence on its page
    assert 'id="ev-' not in page  # the evidence list is not on the page
    section = _get(reader, f"{base}s5-1/")
    assert "municipality_0602" in _findings(section) and "Neste: 5.2 Skien" in section
    assert f'href="{base}s5-2/"' in section
    assert "Fra publisert versjon 1 av Rapport 2011." in section
    listed = _get(reader, evidence)
    assert re.search(r"<h1[^>]*>Grunnlaget for tallene</h1>", listed)
    anchors = set(re.findall(rf'href="{re.escape(evidence)}#([^"]+)"', page + section))
    assert anchors and all(f'id="{anchor}"' in listed for anchor in anchors)
    assert client_for(w.outsider).get(f"{base}s5-1/").status_code == 404
    assert reader.get(f"{base}s5-99/").status_code == 404
