"""Browser-test helpers: Playwright driving Debian's Chromium, and axe-core checks.

No browser download: Playwright launches /usr/bin/chromium (apt-get install chromium).
"""

import contextlib
import os
import shutil
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

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
  // Designsystemet draws a radio's or checkbox's focus ring on its own .ds-field (input and
  // label), not on the input: look there for those.
  const toggle = el.matches("input[type=radio], input[type=checkbox]") && el.closest(".ds-field");
  const style = getComputedStyle(toggle || el);
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


def focus_state_once_on(page, element_id: str, timeout_ms: int = 5000) -> dict:
    """The focus state once the element `element_id` has focus. A page's `autofocus` is
    applied after it has loaded, in a later rendering step, so a test waits for it (and fails
    if it never comes)."""
    # On a time-out the caller's assertion names where focus is instead.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            "id => document.activeElement && document.activeElement.id === id",
            arg=element_id,
            timeout=timeout_ms,
        )
    return focus_state(page)


def assert_focus_shown(page, state: dict | None = None) -> dict:
    """The focused element has a visible indicator and is not hidden (WCAG 2.4.7, 2.4.11)."""
    state = state or focus_state(page)
    where = f"{page.url}: fokus på {state.get('tag')}#{state.get('id')} «{state.get('text')}»"
    assert state["tag"] != "BODY", f"{page.url}: fokus falt til <body>"
    assert state["visible"], f"{where} har ingen synlig fokusmarkering"
    assert state["inView"], f"{where} er utenfor skjermen"
    assert not state["obscuredBy"], f"{where} er dekket av {state['obscuredBy']}"
    return state


CONTROLS = {"A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY"}


def tab_to(page, name: str, *, max_tabs: int = 120, reverse: bool = False) -> dict:
    """Press Tab (Shift+Tab) until the focused element's text contains `name` (or its id is
    `name`), checking focus at every stop; returns the focused element's state."""
    for _step in range(max_tabs):
        page.keyboard.press("Shift+Tab" if reverse else "Tab")
        state = focus_state(page)
        if state["tag"] == "BODY":
            continue  # past the last element, focus leaves the page before it wraps round
        assert_focus_shown(page, state)
        if state["tag"] not in CONTROLS:
            continue  # a scrollable table region holds every cell's text; not a target
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


# Crawl (issue 17): every page a role can reach by following links -----------------------

# Where the crawl never goes: log-out ends the session, the admin is Django's, the API and
# health answer JSON, set_language is a POST, OpenID Connect leaves the site.
CRAWL_SKIP_PREFIXES: tuple[str, ...] = (
    "/konto/logg-ut/",
    "/admin/",
    "/api/",
    "/i18n/",
    "/oidc/",
    "/helse/",
    "/static/",
    "/favicon.ico",
)

# The widest elements that stick out past the viewport and are not inside a container that
# scrolls sideways (a table region): what a reflow failure names as its cause.
_OVERFLOWING = """() => {
  const limit = innerWidth + 1;
  const scrolls = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === "auto" || o === "scroll" || o === "hidden" || o === "clip")
          && p !== document.documentElement && p !== document.body) return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].slice(0, 3).map(c => "." + c).join("");
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right <= limit || r.width === 0 || scrolls(el)) continue;
    if (out.some(o => o.el.contains(el))) continue;
    out.push({el, text: name(el) + " (" + Math.round(r.right) + " px)"});
  }
  return out.slice(0, 4).map(o => o.text);
}"""

_LINKS = """() => [...document.querySelectorAll("a[href]")]
  .filter(a => !a.hasAttribute("download"))
  .map(a => a.href)"""


@dataclass
class Crawl:
    """What one role's crawl saw: pages visited (URL name → path), failures, skipped links."""

    role: str
    visited: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    seconds: float = 0.0
    timings: list[tuple[float, float, str]] = field(default_factory=list)  # (load, checks, path)

    @property
    def names(self) -> set[str]:
        return {key.split("?")[0] for key in self.visited}


def axe_source() -> str:
    """axe-core as axe-playwright-python ships it (read once)."""
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = Axe().axe_script
    return _AXE_SOURCE


_AXE_SOURCE: str | None = None


def prepare_axe(context) -> None:
    """axe-core in every document of a browser context as it loads: one init script instead
    of sending its 600 kB to each page checked."""
    context.add_init_script(script=axe_source())


# One axe run on the document, leaving out what was checked already. `seen` holds keys of
# whole pages and of their large parts (<main>, sections, tables, figures, articles, lists of
# PART_MIN_CHARS or more): length and a 53-bit hash of the markup without CSRF tokens, nonces
# and the number in a chart's id (it counts the charts the process drew, so the same chart has
# another id on every page). A page seen whole is not run through axe again; a part seen is
# excluded from the run, and the rest (what differs: a role's menu, a table with other rows)
# is checked as before. Answers null when axe is not in the page (not `prepare_axe`d).
_AXE_RUN = r"""async ([options, seen, minSize]) => {
  if (typeof axe === "undefined") return null;
  const known = new Set(seen);
  const clean = html => html.replace(/(csrfmiddlewaretoken" value=|nonce=)"[^"]*"/g, "$1")
    .replace(/(X-CSRFToken&quot;: &quot;)[^&]*/g, "$1")
    .replace(/\bchart-\d+/g, "chart-");
  const key = html => {
    const text = clean(html);
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return text.length + ":" + (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  const whole = key(document.documentElement.outerHTML);
  if (known.has(whole)) return {violations: [], keys: [], skipped: true};
  const keys = [whole];
  const exclude = [];
  const PARTS = new Set(["MAIN", "SECTION", "TABLE", "FIGURE", "ARTICLE", "UL", "OL", "DL"]);
  const walk = el => {
    for (const child of el.children) {
      const html = child.outerHTML;
      if (html.length < minSize) continue;
      if (PARTS.has(child.tagName)) {
        const k = key(html);
        if (known.has(k)) { exclude.push(child); continue; }
        keys.push(k);
      }
      walk(child);
    }
  };
  walk(document.body);
  const context = exclude.length ? {include: [document], exclude: exclude} : document;
  const results = await axe.run(context, options);
  return {
    keys,
    skipped: false,
    violations: results.violations.map(v => ({
      id: v.id, impact: v.impact, count: v.nodes.length,
      targets: v.nodes.slice(0, 6).map(n => JSON.stringify(n.target)),
    })),
  };
}"""
PART_MIN_CHARS = 2000


def page_problems(page, width: int = 320, *, checked: set[str] | None = None) -> list[str]:
    """axe (WCAG 2.0–2.2 A/AA) and reflow at `width` px on the current page, as lines.

    `checked` (kept over a crawl): keys of the pages and parts axe has checked; this page's
    are added. A page seen whole is not run through axe again and a part seen is left out of
    the run; reflow is checked on every page."""
    lines = []
    seen = set() if checked is None else checked
    args = [AXE_OPTIONS, sorted(seen), PART_MIN_CHARS]
    answer = page.evaluate(_AXE_RUN, args)
    if answer is None:
        page.evaluate(axe_source())
        answer = page.evaluate(_AXE_RUN, args)
    seen.update(answer["keys"])
    for v in answer["violations"]:
        targets = ", ".join(v["targets"])
        lines.append(f"axe {v['id']} ({v['impact']}, {v['count']} steder): {targets}")
    size = page.viewport_size
    resize = not size or size["width"] != width
    if resize:
        page.set_viewport_size({"width": width, "height": 844})
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 1:
            causes = ", ".join(page.evaluate(_OVERFLOWING))
            lines.append(f"reflow: {overflow} px for bred ved {width} px; stikker ut: {causes}")
    finally:
        if resize and size:
            page.set_viewport_size(size)
    return lines


def _crawl_key(path: str, query: str) -> tuple[str, str] | None:
    """(URL name, key) of a same-origin path, or None where the crawl does not go."""
    if path.startswith(CRAWL_SKIP_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return ("?", path)  # an address no page answers: visited, and reported
    name = match.view_name or path
    return (name, f"{name}?" if query else name)


def crawl(
    page,
    base_url: str,
    role: str,
    *,
    start: str = "/",
    as_of_variant: str = "",
    checked: set[str] | None = None,
) -> Crawl:
    """Follow every same-origin link from `start` breadth-first (GET only, each URL name once,
    plus once with a query string), checking each HTML page with `page_problems`.

    A link answering 4xx/5xx or leading to the log-in page is a failure; a file download or a
    non-HTML answer is skipped. Pages with an as-of field are visited once more with
    ?as_of=`as_of_variant` after the rest (the as-of date is kept in the session).
    `checked` (shared by the crawls of several roles) holds the pages and parts axe has seen.
    """
    checked = set() if checked is None else checked
    result = Crawl(role=role)
    started = time.monotonic()
    origin = urlsplit(base_url)
    queue: deque[str] = deque([start])
    seen: set[str] = set()
    as_of_pages: list[str] = []
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        key = _crawl_key(parts.path, parts.query)
        if key is None or key[1] in seen:
            continue
        seen.add(key[1])
        links = _visit(page, base_url + url, key, result, checked)
        if links is None:
            continue
        if as_of_variant and page.locator("#as-of-date").count():
            as_of_pages.append(parts.path)
        for href in links:
            link = urlsplit(href)
            if (link.scheme, link.netloc) != (origin.scheme, origin.netloc):
                continue
            queue.append(link.path + (f"?{link.query}" if link.query else ""))
    for path in as_of_pages:
        name = _crawl_key(path, "")
        if name and f"{name[0]}?" not in seen:
            seen.add(f"{name[0]}?")
            variant = f"{base_url}{path}?as_of={as_of_variant}"
            _visit(page, variant, (name[0], f"{name[0]}?"), result, checked)
    result.seconds = time.monotonic() - started
    return result


def _visit(
    page, url: str, key: tuple[str, str], result: Crawl, checked: set[str]
) -> list[str] | None:
    parts = urlsplit(url)
    where = f"[{result.role}] {parts.path}" + (f"?{parts.query}" if parts.query else "")
    started = time.monotonic()
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:
        if "Download is starting" in str(exc) or "net::ERR_ABORTED" in str(exc):
            result.skipped.add(key[0])
            return None
        result.failures.append(f"{where}: {str(exc).splitlines()[0]}")
        return None
    if response is None:
        return None
    final = urlsplit(page.url).path
    if response.status >= 400:
        result.failures.append(f"{where}: svarer {response.status}")
        return None
    if final.startswith("/konto/logg-inn/"):
        result.failures.append(f"{where}: lenken fører til innloggingssiden")
        return None
    if "text/html" not in (response.headers.get("content-type") or ""):
        result.skipped.add(key[0])
        return None
    result.visited[key[1]] = url
    loaded = time.monotonic()
    problems = page_problems(page, checked=checked)
    result.failures.extend(f"{where}: {line}" for line in problems)
    result.timings.append((loaded - started, time.monotonic() - loaded, where))
    return page.evaluate(_LINKS)
