"""Locust users for load_benchmark.py, logged in as a Husbanken administrator (session cookie
from BENCH_SESSION): each user requests the measured URL (BENCH_URL, named BENCH_NAME) and
then the no-work request, again and again, so the baseline is measured under the same load
in the same run. Run by load_benchmark.py; not on its own."""

import os

from locust import HttpUser, constant, task

NAME = os.environ.get("BENCH_NAME", "page")
URL = os.environ.get("BENCH_URL", "/")
BASELINE_NAME = "no work (baseline)"
BASELINE_URL = "/helse/ping/"


class Reader(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    def _get(self, name: str, url: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task
    def page_then_baseline(self) -> None:
        self._get(NAME, URL)
        self._get(BASELINE_NAME, BASELINE_URL)
