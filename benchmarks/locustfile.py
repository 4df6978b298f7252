"""Locust users for load_benchmark.py, logged in as a Husbanken administrator (session cookie
from BENCH_SESSION): each user requests the measured URL (BENCH_URL, named BENCH_NAME) and
then the no-work request, again and again, so the baseline is measured under the same load
in the same run. Run by load_benchmark.py; not on its own.

FastHttpUser (geventhttpclient), not HttpUser (python-requests): the clients run on the same
two cores as the server, and locust's documentation gives the requests-based client 5–6× the
CPU per request; what the clients burn is taken from the server being measured."""

import os

from locust import FastHttpUser, constant, task

NAME = os.environ.get("BENCH_NAME", "page")
URL = os.environ.get("BENCH_URL", "/")
BASELINE_NAME = "no work (baseline)"
BASELINE_URL = "/helse/ping/"


HEADERS = {"Cookie": f"sessionid={os.environ.get('BENCH_SESSION', '')}"}


class Reader(FastHttpUser):
    wait_time = constant(0)

    def _get(self, name: str, url: str) -> None:
        with self.client.get(url, name=name, headers=HEADERS, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    @task
    def page_then_baseline(self) -> None:
        self._get(NAME, URL)
        self._get(BASELINE_NAME, BASELINE_URL)
