"""A web worker loads the URLconf when it starts, not in its first request (issue 14: the
first request of each gunicorn worker took seconds at national scale, importing every
view, the API schemas and their libraries)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_wsgi_application_has_its_urls_loaded_when_it_is_imported():
    code = (
        "import sys, config.wsgi; print('config.urls' in sys.modules, 'config.api' in sys.modules,"
        " 'statsmodels.regression.linear_model' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True", "True"], result.stdout
