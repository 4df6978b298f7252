import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_production_logs_are_one_json_object_per_line(tmp_path):
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('boligsosial.test').warning('rapport laget', extra={'job': 7})"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BOLIGSOSIAL_LOG_FORMAT": "json",
        "BOLIGSOSIAL_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING" and line["logger"] == "boligsosial.test"
    assert line["message"] == "rapport laget" and line["job"] == 7 and "time" in line
