import datetime as dt

import factory

from boligsosial.municipalities.models import Municipality


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code", "valid_from")

    # 9000–9998: test codes (9999 is KLASS's «unknown»); the sequence runs on across a worker's
    # tests, so it wraps instead of growing to five digits.
    code = factory.Sequence(lambda n: f"{9000 + n % 999:04d}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    valid_from = dt.date(1977, 1, 1)
    valid_to = None
