"""Browser-test helpers: Playwright driving Debian's Chromium, and axe-core checks.

No browser download: Playwright launches /usr/bin/chromium (apt-get install chromium).
"""

import os
import shutil

from axe_playwright_python.sync_playwright import Axe

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # WCAG 2.2 AA (the next EN 301 549 follows it): 2.2 adds target size (2.5.8) to axe's rules.
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
}


def chromium_path() -> str:
    path = os.environ.get("BOLIGSOSIAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise RuntimeError(
            "Nettlesertestene trenger Debians Chromium (/usr/bin/chromium). "
            "Kjør «make test» som root, eller «sudo apt-get install chromium»."
        )
    return path


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page; return WCAG 2.0–2.2 A/AA violations (empty list is a pass)."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return results.response["violations"]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    if violations:
        lines = [f"{page.url}: {len(violations)} WCAG-brudd funnet av axe:"]
        for v in violations:
            targets = ", ".join(str(node["target"]) for node in v["nodes"][:5])
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']} — {targets}")
        raise AssertionError("\n".join(lines))


def login(page, live_server_url: str, username: str, password: str = "pw-for-tests-1") -> None:
    page.goto(f"{live_server_url}/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state("networkidle")
