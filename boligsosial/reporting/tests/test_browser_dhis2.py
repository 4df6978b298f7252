"""The DHIS2 identifier table page and the export page in a real browser, axe on each state."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligsosial.core.testing.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_an_administrator_uploads_the_dhis2_table_and_sees_it_and_its_refusals(
    page, live_server, world
):
    login(page, live_server.url, "admin")
    page.goto(live_server.url + reverse("reporting:dhis2_mapping"))
    expect(page.get_by_text("Ingen koblingstabell er lastet opp")).to_be_visible()
    assert_accessible(page)
    upload = page.get_by_label("Koblingstabell (CSV)")
    upload.set_input_files(
        files=[
            {
                "name": "uid.csv",
                "mimeType": "text/csv",
                "buffer": b"type,kode,uid\norgUnit,0602,x\n",
            }
        ]
    )
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_text("Linje 2: «x» er ikke en DHIS2-UID")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Koblingstabell (CSV)").set_input_files(
        files=[
            {
                "name": "uid.csv",
                "mimeType": "text/csv",
                "buffer": b"type,kode,uid\norgUnit,0602,OrgDrammen1\n",
            }
        ]
    )
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_role("cell", name="OrgDrammen1")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("reporting:export", args=[world.programme.pk]))
    expect(page.get_by_label("Identifikatorer i DHIS2-eksporten")).to_be_visible()
    assert_accessible(page)
