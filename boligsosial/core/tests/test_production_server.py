"""`make serve` as production runs it: gunicorn and a background worker, static files from
WhiteNoise with hashed names, the health endpoint — a real server on 127.0.0.1."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture
def production_env(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "BOLIGSOSIAL_ENV": "production",
        "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "BOLIGSOSIAL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BOLIGSOSIAL_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "BIN": str(BIN),
        "PYTHONPATH": str(ROOT),
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [BIN / "python", "-m", "boligsosial", *command],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return env, f"http://127.0.0.1:{port}"


def test_gunicorn_and_the_worker_serve_pages_static_files_and_health(production_env):
    env, base = production_env
    server = subprocess.Popen(
        ["scripts/with_worker.sh", str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                status, _headers, body = _get(base + "/helse/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.2)
        assert status == 200, body
        children = subprocess.run(
            ["ps", "-ww", "-o", "args=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout
        assert "db_worker" in children and "gunicorn" in children

        status, _headers, page = _get(base + "/konto/logg-inn/")
        assert status == 200 and b"Logg inn i Boligsosial" in page
        css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
        assert css, "stylesheets are linked by hashed name"
        status, headers, _body = _get(base + css.group(1).decode())
        assert status == 200
        assert "max-age=315360000" in headers.get("Cache-Control", "")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
