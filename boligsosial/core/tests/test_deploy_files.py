"""The deployment files in deploy/ hold together (CI has no container runtime or systemd, so
these read the files the way those tools would and check them against the application)."""

import configparser
import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
SETTINGS_TEXT = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
GUNICORN_TEXT = (ROOT / "config" / "gunicorn.conf.py").read_text(encoding="utf-8")


def _read_env_example() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "boligsosial.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value
    return pairs


def _is_read_by_the_application(name: str) -> bool:
    quoted = re.compile(rf"[\"']{name}[\"']")
    return bool(quoted.search(SETTINGS_TEXT) or quoted.search(GUNICORN_TEXT)) or name in {
        "DATABASE_URL"  # read by dj-database-url
    }


def _boligsosial_command(argv: list[str]) -> str | None:
    if argv[:3] == ["python", "-m", "boligsosial"]:
        return argv[3]
    if argv and argv[0].endswith("/boligsosial"):
        return argv[1]
    return None


def test_every_setting_in_the_example_environment_is_one_the_application_reads():
    unread = [name for name in _read_env_example() if not _is_read_by_the_application(name)]
    assert unread == []


def test_compose_runs_web_and_worker_from_one_image_with_shared_files_and_settings():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    web, worker, migrate = services["web"], services["worker"], services["migrate"]
    assert web["image"] == worker["image"] == migrate["image"]
    assert (
        ROOT / migrate["build"]["context"].replace("..", ".") / migrate["build"]["dockerfile"]
    ).exists() or (
        DEPLOY / migrate["build"]["context"] / migrate["build"]["dockerfile"]
    ).resolve().exists()
    assert web["env_file"] == worker["env_file"] == migrate["env_file"] == "boligsosial.env"
    assert web["environment"]["DATABASE_URL"] == worker["environment"]["DATABASE_URL"]
    private = "private:/var/lib/boligsosial/private"
    assert private in web["volumes"] and private in worker["volumes"]
    assert "private" in compose["volumes"] and "db" in compose["volumes"]
    commands = get_commands()
    assert _boligsosial_command(worker["command"]) == "db_worker" and "db_worker" in commands
    assert _boligsosial_command(migrate["command"]) == "migrate"
    assert web["command"] == ["gunicorn", "-c", "config/gunicorn.conf.py"]
    for service in (web, worker):
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_image_serves_with_gunicorn_and_checks_its_health():
    lines = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.1[2-9]", lines, re.M)
    assert "libpango-1.0-0" in lines and "postgresql-client" in lines
    assert "collectstatic" in lines and re.search(r"^USER boligsosial$", lines, re.M)
    assert "/helse/" in lines and 'CMD ["gunicorn", "-c", "config/gunicorn.conf.py"]' in lines
    for copied in re.findall(r"^COPY (\S+) ", lines, re.M):
        assert (ROOT / copied).exists(), copied


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def test_the_systemd_units_start_the_web_server_and_the_worker():
    web, worker = _unit("boligsosial-web.service"), _unit("boligsosial-worker.service")
    for unit in (web, worker):
        assert set(unit.sections()) == {"Unit", "Service", "Install"}
        assert unit["Service"]["EnvironmentFile"] == "/etc/boligsosial/boligsosial.env"
        assert unit["Service"]["User"] == "boligsosial"
        assert unit["Install"]["WantedBy"] == "multi-user.target"
    web_start = shlex.split(web["Service"]["ExecStart"])
    assert web_start[0].endswith("/gunicorn") and web_start[1:] == ["-c", "config/gunicorn.conf.py"]
    assert _boligsosial_command(shlex.split(web["Service"]["ExecStartPre"])) == "migrate"
    worker_start = shlex.split(worker["Service"]["ExecStart"])
    assert _boligsosial_command(worker_start) == "db_worker"
    recover = shlex.split(worker["Service"]["ExecStartPre"])
    assert _boligsosial_command(recover) == "recover_jobs" and "recover_jobs" in get_commands()
    assert worker["Service"]["KillSignal"] == "SIGTERM"
    assert int(worker["Service"]["TimeoutStopSec"]) >= 60
