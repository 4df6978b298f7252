"""Locust users for load_benchmark.py: every measured URL requested in turn, logged in as a
Husbanken administrator (the session cookie comes from BENCH_SESSION, the URLs as JSON from
BENCH_URLS). Run by load_benchmark.py; not on its own."""

import json
import os

from locust import HttpUser, constant, task

URLS: dict[str, str] = json.loads(os.environ.get("BENCH_URLS", "{}"))


class Reader(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    @task
    def every_page(self) -> None:
        for name, url in URLS.items():
            with self.client.get(url, name=name, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
