"""The demonstration data for tests that read the whole report."""


def load_seeded_demo() -> dict:
    """The whole demonstration data, after seeding again what data migrations seed (the
    reporting catalogue, the national goals): a transactional test earlier in the same
    worker may have flushed them."""
    from boligsosial.core.demo import load_all
    from boligsosial.programmes.tests.factories import ensure_national_goals
    from boligsosial.reporting.tests.factories import ensure_catalogue

    ensure_catalogue()
    ensure_national_goals()
    return load_all()
