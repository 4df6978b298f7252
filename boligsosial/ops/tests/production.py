"""Run the `boligsosial` command in a child process with production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENV = {
    "BOLIGSOSIAL_ENV": "production",
    "SECRET_KEY": "t3st-" + "x9Kq2Lm7Pz4Rv8Wb1Nc6Hd5Jf3Gs0Ty" * 2,
    "ALLOWED_HOSTS": "boligsosial.example.no",
    "CSRF_TRUSTED_ORIGINS": "https://boligsosial.example.no",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run_boligsosial(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    child_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BOLIGSOSIAL_", "DJANGO_", "SECURE_", "CSRF_", "PYTEST"))
    }
    child_env.update(
        {
            "PYTHONPATH": str(ROOT),
            "BOLIGSOSIAL_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    child_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "boligsosial", *args],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def production_setting(names: list[str], *, env: dict[str, str], tmp_path: Path) -> dict:
    """The values of some settings as the production configuration computes them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    result = run_boligsosial("shell", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])
