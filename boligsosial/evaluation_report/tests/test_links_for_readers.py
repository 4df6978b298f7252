"""The published report links a record only for a reader who may open it (core.links)."""

import re

import pytest
from django.urls import reverse
from lxml import html as lxml_html


def record_links(content: bytes) -> list[str]:
    tree = lxml_html.fromstring(content)
    return sorted(
        {h for h in tree.xpath("//article//a/@href | //main//li/a/@href") if h.startswith("/")}
    )


@pytest.mark.parametrize("who", ["lesetilgang", "leder-drammen", "evaluator", "admin"])
def test_every_link_in_the_published_report_opens_for_the_reader(demo, db, client_for, who):
    user = demo["users"][who]
    client = client_for(user)
    report = demo["evaluation_report"]
    response = client.get(reverse("evaluation_report:version", args=[report.pk, 1]))
    assert response.status_code == 200
    links = record_links(response.content)
    refused = [url for url in links if client.get(url).status_code != 200]
    assert refused == [], f"{who} is shown links that do not open"
    measures = [url for url in links if "/plan/tiltak/" in url]
    if who == "admin":
        assert len(measures) > 10  # the admin may open every measure


def test_the_published_report_gives_its_date_as_a_norwegian_date(demo, db, client_for):
    report = demo["evaluation_report"]
    page = (
        client_for(demo["users"]["lesetilgang"])
        .get(reverse("evaluation_report:version", args=[report.pk, 1]))
        .content.decode()
    )
    info = re.search(r'data-testid="version-info">(.*?)</p>', page, re.DOTALL).group(1)
    assert re.search(r"tall per \d\d\.\d\d\.\d{4}\)", info), info
    assert not re.search(r"\d{4}-\d\d-\d\d", info)


@pytest.mark.parametrize("who", ["evaluator", "kontakt-sor"])
def test_the_evaluation_page_leads_to_its_report_and_findings(demo, db, client_for, who):
    client = client_for(demo["users"][who])
    report = demo["evaluation_report"]
    page = client.get(reverse("evaluation:detail", args=[report.evaluation_id]))
    tree = lxml_html.fromstring(page.content)
    section = tree.xpath("//section[@aria-labelledby='related-heading']")
    assert section, "no way from the evaluation to its report"
    links = {a.text_content(): a.get("href") for a in section[0].xpath(".//a")}
    assert f"Evalueringsrapporten «{report.title}»" in links
    for href in links.values():
        assert client.get(href).status_code in (200, 302)
