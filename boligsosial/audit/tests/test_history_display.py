"""History entries read in the reader's language, with dates, not ISO time stamps."""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from boligsosial.audit.models import AuditEntry
from boligsosial.audit.templatetags.audit_tags import history_label, history_target, history_value
from boligsosial.programmes.models import Participation


def test_a_stored_time_stamp_is_shown_as_a_date_without_microseconds():
    shown = history_value("2026-12-02T01:21:05.035748+00:00")
    assert shown in ("02.12.2026 02:21", "02.12.2026 01:21")  # Oslo time in the test settings
    assert history_value(None) == "–"
    assert history_value(True) in ("Ja", "Yes")


def test_stored_bokmal_labels_are_shown_in_english_to_an_english_reader():
    with translation.override("en"):
        assert history_label("avgjort av") == "decided by"
        assert history_value("Godkjent for publisering") == "Approved for publication"
        assert history_value(False) == "No"
    with translation.override("nb"):
        assert history_label("avgjort av") == "avgjort av"


def test_an_entry_without_a_readable_label_names_the_kind_of_record(world):
    entry = AuditEntry(
        action="update",
        target_type=ContentType.objects.get_for_model(Participation),
        target_id="1",
        target_repr="Participation object (1)",
    )
    with translation.override("nb"):
        assert history_target(entry) == "Programkommune 1"
