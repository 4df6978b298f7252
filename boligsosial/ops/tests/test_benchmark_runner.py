"""benchmarks/run_all.py (make bench-all) gives each script the arguments it takes: the
programme table benchmark builds the national data set it reads (it failed on a database
without one), and no script gets arguments it does not know."""

import importlib.util
import sys
from pathlib import Path

RUN_ALL = Path(__file__).resolve().parents[3] / "benchmarks" / "run_all.py"


def _run_all():
    spec = importlib.util.spec_from_file_location("benchmarks_run_all", RUN_ALL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_benchmark_builds_its_national_data_set():
    commands = dict(_run_all().commands([]))
    assert commands["table_benchmark.py"][2:] == ["--build", "357x10", "--every-condition"]
    assert "run_all.py" not in commands and "locustfile.py" not in commands
    assert "_load_setup.py" not in commands
    assert all(c[0] == sys.executable for c in commands.values())


def test_a_database_url_goes_only_to_the_scripts_that_take_one():
    url = "postgres://u:p@127.0.0.1:5432/bench"
    commands = dict(_run_all().commands(["--database-url", url, "--table-build", "30x3"]))
    assert commands["evaluation_report_generation.py"][2:] == ["--database-url", url]
    assert commands["table_benchmark.py"][2:] == ["--build", "30x3", "--every-condition"]
    assert commands["load_benchmark.py"][2:] == []
