"""The English interface holds no Norwegian interface strings, and the Norwegian none in
English, outside what users wrote (issue 17).

An interface string is a msgid of the translation catalogue; a page's element whose whole text
is a bokmål msgid (with a different English msgstr) on an English page was not translated, and
an English msgstr on a Norwegian page leaked. User data is never a msgid, so it is left alone.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from lxml import html as lxml_html

TEXT_TAGS = {
    "title", "a", "button", "label", "legend", "summary", "caption", "th", "dt", "dd", "td",
    "h1", "h2", "h3", "h4", "p", "li", "option", "span", "strong", "div",
}  # fmt: skip


def catalogue() -> dict[str, str]:
    with translation.override("en"):
        entries = trans_real.translation("en")._catalog.items()
    norm = {" ".join(k.split()): " ".join(v.split()) for k, v in entries if isinstance(k, str)}
    # Placeholders make a string a template, not a text; "Boligsosial" is the same in both.
    return {k: v for k, v in norm.items() if k and k != v and "%(" not in k and "{" not in k}


# Typed by users in the test world and equal to an interface term by chance: a position
# ("Programleder", conftest's organisation) is data, not interface.
USER_DATA = {"Programleder"}


def all_msgids() -> set[str]:
    with translation.override("en"):
        catalog = trans_real.translation("en")._catalog
        return {k for k, _v in catalog.items() if isinstance(k, str)}


def lowered(strings) -> set[str]:
    return {s.lower() for s in strings}


def texts(content: bytes, language: str) -> set[str]:
    """The texts of a page's elements, leaving out parts in another language on purpose (the
    language switch, a report written in bokmål: marked with their own lang attribute)."""
    tree = lxml_html.fromstring(content)
    found = set()
    for element in tree.iter(*TEXT_TAGS):
        if element.xpath(f"ancestor-or-self::*[@lang and @lang != '{language}']"):
            continue
        found.add(" ".join(element.text_content().split()))
    return found


def pages(report_world) -> list[str]:
    w = report_world
    return [
        reverse("programmes:portfolio"),
        reverse("programmes:participation", args=[w.drammen_participation.pk]),
        reverse("reporting:index"),
        reverse("plans:index"),
        reverse("followup:index"),
        reverse("instruments:index"),
        reverse("municipalities:list"),
        reverse("evaluation:index"),
        reverse("evaluation:detail", args=[w.evaluation.pk]),
        reverse("evaluation_report:index"),
        reverse("evaluation_report:version", args=[w.report.pk, w.version.number]),
        "/finnes-ikke/",
    ]


@pytest.mark.parametrize("who", ["drammen_leader", "contact", "evaluator", "viewer"])
def test_english_pages_hold_no_norwegian_interface_text_and_vice_versa(
    report_world, client_for, who
):
    bokmal_to_english = catalogue()
    # An English text that is also a bokmål msgid ("Start") is no leak.
    english = {e for e in bokmal_to_english.values() if e.lower() not in lowered(all_msgids())}
    client = client_for(getattr(report_world, who))
    problems = []
    for url in pages(report_world):
        client.cookies["django_language"] = "en"
        response = client.get(url)
        if response.status_code not in (200, 404):
            continue  # a page this role may not open
        untranslated = texts(response.content, "en") & set(bokmal_to_english) - USER_DATA
        problems += [f"en {url}: «{text}»" for text in sorted(untranslated)]
        client.cookies["django_language"] = "nb"
        leaked = texts(client.get(url).content, "nb") & english
        problems += [f"nb {url}: «{text}»" for text in sorted(leaked)]
    assert not problems, "\n".join(problems)
