"""State that several app servers share: the cache and sessions live in the database."""

import pytest
from django.core.cache import caches
from django.db import connection


@pytest.mark.django_db
def test_the_cache_is_a_database_table_every_app_server_reads():
    cache = caches["default"]
    cache.set("shared-key", {"value": 42}, 60)
    assert cache.get("shared-key") == {"value": 42}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM boligsosial_cache")
        assert cursor.fetchone()[0] >= 1


def test_sessions_are_stored_in_the_database(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
