"""Production settings from the environment: `check --deploy` is clean, proxies work."""

import re

from django.test import Client
from django.urls import reverse

from boligsosial.ops.tests.production import PRODUCTION_ENV, production_setting, run_boligsosial


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path):
    result = run_boligsosial("check", "--deploy", env=PRODUCTION_ENV, tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_production_reads_proxy_origins_and_a_year_of_hsts_from_the_environment(tmp_path):
    values = production_setting(
        [
            "SECURE_PROXY_SSL_HEADER",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
        ],
        env={**PRODUCTION_ENV, "SECURE_HSTS_PRELOAD": "1"},
        tmp_path=tmp_path,
    )
    assert values == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://boligsosial.example.no"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
    }


def _login_behind_a_tls_proxy(settings, world) -> int:
    settings.ALLOWED_HOSTS = ["boligsosial.example.no"]
    settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    client = Client(enforce_csrf_checks=True, HTTP_HOST="boligsosial.example.no")
    # The proxy speaks https to the browser and plain http to the app.
    client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "drammen-leader",
            "password": "pw-for-tests-1",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        HTTP_ORIGIN="https://boligsosial.example.no",
        HTTP_X_FORWARDED_PROTO="https",
    )
    return response.status_code


def test_log_in_behind_a_tls_terminating_proxy_was_refused_without_proxy_settings(settings, world):
    # As production ran before: neither could be set.
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.CSRF_TRUSTED_ORIGINS = []
    assert _login_behind_a_tls_proxy(settings, world) == 403


def test_log_in_behind_a_tls_terminating_proxy_works_with_the_production_settings(
    settings, world, tmp_path
):
    production = production_setting(
        ["SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT"],
        env=PRODUCTION_ENV,
        tmp_path=tmp_path,
    )
    settings.SECURE_PROXY_SSL_HEADER = tuple(production["SECURE_PROXY_SSL_HEADER"])
    settings.CSRF_TRUSTED_ORIGINS = production["CSRF_TRUSTED_ORIGINS"]
    settings.SECURE_SSL_REDIRECT = production["SECURE_SSL_REDIRECT"]
    assert _login_behind_a_tls_proxy(settings, world) == 302


def test_production_serves_static_files_with_hashed_names_without_debug(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "testserver",
        "BOLIGSOSIAL_STATIC_ROOT": str(tmp_path / "static"),
    }
    collected = run_boligsosial("collectstatic", "--noinput", "-v0", env=env, tmp_path=tmp_path)
    assert collected.returncode == 0, collected.stderr
    code = (
        "from django.conf import settings; from django.test import Client; "
        "from django.templatetags.static import static; "
        "url = static('core/boligsosial.css'); "
        "r = Client().get(url, secure=True); "
        "print(settings.DEBUG, url, r.status_code, r.get('Cache-Control'), sep='|')"
    )
    served = run_boligsosial("shell", "-c", code, env=env, tmp_path=tmp_path)
    assert served.returncode == 0, served.stderr
    debug, url, status, cache = served.stdout.strip().splitlines()[-1].split("|")
    assert debug == "False"
    assert re.fullmatch(r"/static/core/boligsosial\.[0-9a-f]{12}\.css", url)
    assert status == "200"
    assert "max-age=315360000" in cache
