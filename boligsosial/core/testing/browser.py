"""Browser-test helpers: Playwright driving Debian's Chromium, and axe-core checks.

No browser download: Playwright launches /usr/bin/chromium (apt-get install chromium).
"""

import os
import shutil
from pathlib import Path

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


# Keyboard walks (issue 17): focus visible and not hidden, reflow, screenshots -------------

# Screenshots of the role walks are kept as test artefacts (var/ is not committed).
ARTEFACTS = Path(
    os.environ.get("BOLIGSOSIAL_TEST_ARTEFACTS")
    or Path(__file__).resolve().parents[3] / "var" / "test-artefacts"
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "BODY"};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  let obscuredBy = null;
  const xs = [r.left + r.width / 2];
  const ys = [r.top + Math.min(r.height / 2, 10), r.top + r.height / 2];
  for (const x of xs) for (const y of ys) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const top = document.elementFromPoint(x, y);
    if (top && !el.contains(top) && !top.contains(el) && !(el.labels && [...el.labels].some(l => l.contains(top)))) {
      obscuredBy = top.tagName + "." + top.className;
    }
  }
  return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 80),
          visible: outline || shadow, inView, obscuredBy};
}"""


def focus_state(page) -> dict:
    return page.evaluate(_FOCUS_STATE)


def assert_focus_shown(page, state: dict | None = None) -> dict:
    """The focused element has a visible indicator and is not hidden (WCAG 2.4.7, 2.4.11)."""
    state = state or focus_state(page)
    where = f"{page.url}: fokus på {state.get('tag')}#{state.get('id')} «{state.get('text')}»"
    assert state["tag"] != "BODY", f"{page.url}: fokus falt til <body>"
    assert state["visible"], f"{where} har ingen synlig fokusmarkering"
    assert state["inView"], f"{where} er utenfor skjermen"
    assert not state["obscuredBy"], f"{where} er dekket av {state['obscuredBy']}"
    return state


def tab_to(page, name: str, *, max_tabs: int = 120, reverse: bool = False) -> dict:
    """Press Tab (Shift+Tab) until the focused element's text contains `name` (or its id is
    `name`), checking focus at every stop; returns the focused element's state."""
    for _step in range(max_tabs):
        page.keyboard.press("Shift+Tab" if reverse else "Tab")
        state = focus_state(page)
        if state["tag"] == "BODY":
            continue  # past the last element, focus leaves the page before it wraps round
        assert_focus_shown(page, state)
        if name in state["text"] or name == state.get("id"):
            return state
    raise AssertionError(f"{page.url}: fant ikke «{name}» med tastaturet ({max_tabs} trykk på Tab)")


def assert_reflows(page, width: int = 320) -> None:
    """At 320 CSS px the page needs no sideways scrolling (WCAG 1.4.10); tables scroll inside
    their own container."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 844})
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 1, f"{page.url}: siden er {overflow} px for bred ved {width} px"
    finally:
        if size:
            page.set_viewport_size(size)


def save_screenshot(page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page, name: str) -> None:
    """Everything a role walk checks on each page it reaches."""
    assert_accessible(page)
    assert_reflows(page)
    save_screenshot(page, name)
