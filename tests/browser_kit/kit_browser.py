"""Drive the real Neo4j Browser (served by the test server) in headless Chromium through Playwright.

Playwright's Python package brings its own driver; the browser is Debian's ``chromium``
(``executable_path``), so nothing is downloaded. What the Browser draws is read back from its SVG:
each node is a ``g.node`` whose ``aria-label`` is ``graph-node<id>`` (the node's legacy id), with a
``circle.b-outline`` (fill, radius) and one ``text.caption`` per caption line; each relationship a
``g.relationship`` with a ``text`` caption.

``browser_caption`` restates how Browser 5.24 fills a GraSS caption (``GraphStyle.interpolate`` after
the Bolt mapping): strings and numbers as they are, temporal values in double quotes (``"2024-07-30"``,
the Browser's ``stringModifier``), lists joined by ``", "``, anything else (missing, booleans) empty;
``<type>`` / ``<id>`` only as the whole caption.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

ELLIPSIS = "\u2026"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def chromium_path() -> str:
    """Debian's chromium (scripts/test-setup.sh installs it); never a browser Playwright downloads."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("chromium is not installed: run scripts/test-setup.sh (apt-get install chromium)")
    return path


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() else repr(value)
    if isinstance(value, date | datetime):
        return f'"{value.isoformat()}"'
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(v) for v in value)
    return ""


def browser_caption(template: str, properties: dict[str, Any], type_name: str = "") -> str:
    """The caption text the Browser computes for an element before fitting it into its shape."""
    if template == "<type>":
        return type_name
    return PLACEHOLDER.sub(lambda m: _value_text(properties.get(m.group(1))), template)


def words(text: str) -> list[str]:
    return text.split()


def node_caption_chars(radius: float, font_size: float) -> int:
    """How many characters of a caption the Browser keeps before fitting it into a circle."""
    return math.floor(radius**2 * math.pi / font_size**2)


def drawn_matches(drawn: str, expected: str, max_chars: int | None = None) -> bool:
    """The drawn caption is the expected one as the Browser fits it into its shape.

    A node's caption is first cut to ``max_chars`` characters; then a word that does not fit is
    shortened and ends in ``…``, and the words after it are dropped (a relationship's caption is cut
    the same way to its arrow). Without an ``…`` every word is there, whole.
    """
    if max_chars is not None and len(expected) > max_chars:
        expected = expected[:max_chars]
    got, want = words(drawn), words(expected)
    if not got or not got[-1].endswith(ELLIPSIS):
        return got == want
    head, last = got[:-1], got[-1][: -len(ELLIPSIS)]
    return want[: len(head)] == head and len(want) > len(head) and want[len(head)].startswith(last)


@dataclass(frozen=True)
class DrawnNode:
    id: int
    fill: str
    radius: float
    caption: str


@dataclass(frozen=True)
class DrawnRelationship:
    caption: str


class NeoBrowser:
    """One page of the Neo4j Browser, connected to the test server."""

    def __init__(self, page: Page, shots: Path) -> None:
        self.page = page
        self.shots = shots
        shots.mkdir(parents=True, exist_ok=True)

    # -- connecting and running ----------------------------------------------------------------------

    def connect(self, http: str, bolt_host: str, user: str, password: str) -> None:
        """Open the Browser with the connect form pre-filled (``dbms`` URL parameter) and log in.

        After connecting, the Browser plays its welcome (``:play start``) a moment later, and a play
        frame replaces an earlier one: wait for the welcome before playing a guide.
        """
        self.page.goto(f"{http}/browser/?dbms=bolt://{user}@{bolt_host}&preselectAuthMethod=NATIVE")
        self.page.get_by_test_id("password").fill(password)
        self.page.get_by_test_id("connect").click()
        self.page.get_by_test_id("disconnectedBanner").wait_for(state="detached", timeout=30_000)
        self.frame_of(":play start").wait_for(timeout=30_000)

    def frames(self) -> Locator:
        return self.page.get_by_test_id("frame")

    def frame_of(self, command: str) -> Locator:
        """The newest frame whose command is exactly ``command``."""
        command_text = self.page.get_by_test_id("frameCommand").get_by_text(command, exact=True)
        return self.frames().filter(has=command_text).first

    def run_editor(self, command: str) -> Locator:
        """Run what the editor holds (``command``); return the new frame that shows that command.

        Frames on the page before the run are marked, so the answer is the new frame whatever else the
        Browser adds meanwhile.
        """
        self.page.evaluate(
            "() => document.querySelectorAll('[data-testid=frame]').forEach(f => f.dataset.kitSeen = '1')"
        )
        self.page.get_by_test_id("editor-Run").click()
        first_line = command.strip().splitlines()[0].strip()
        command_text = self.page.get_by_test_id("frameCommand").get_by_text(first_line)
        frame = self.page.locator("[data-testid=frame]:not([data-kit-seen])").filter(has=command_text).first
        frame.wait_for(timeout=30_000)
        return frame

    def type_and_run(self, text: str) -> Locator:
        self.page.get_by_test_id("activeEditor").click()
        self.page.keyboard.insert_text(text)
        return self.run_editor(text)

    def drop_file(self, name: str, text: str) -> None:
        """Drop a file on the Browser window, as a user drags one from a file manager."""
        transfer = self.page.evaluate_handle(
            """([name, text]) => {
                const dt = new DataTransfer();
                dt.items.add(new File([text], name, {type: 'text/plain'}));
                return dt;
            }""",
            [name, text],
        )
        self.page.dispatch_event(".filedrop", "drop", {"dataTransfer": transfer})

    def stored(
        self, key: str, until: Callable[[Any], bool] = lambda v: v is not None, timeout_s: float = 10
    ) -> Any:
        """A value the Browser keeps in local storage, once ``until`` holds for it or the time is up.

        The Browser writes its state there debounced by half a second.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            raw = self.page.evaluate("key => window.localStorage.getItem(key)", key)
            value = json.loads(raw) if raw else None
            if until(value) or time.monotonic() > deadline:
                return value
            self.page.wait_for_timeout(200)

    # -- the guide ------------------------------------------------------------------------------------

    def guide_frame(self) -> Locator:
        return self.frames().filter(has=self.page.get_by_test_id("carousel")).first

    def click_statement(self, slide: int, statement: str, attempts: int = 3) -> str:
        """Go to slide ``slide`` (1-based) of the guide, click ``statement`` and return the editor's text.

        Under load the Browser can miss a click made while the slide still moves in: the
        editor stays empty. The click is made again (at most ``attempts`` times) until the
        editor holds the statement, so a missed click is told from a statement that never fills.
        """
        carousel = self.guide_frame().get_by_test_id("carousel")
        carousel.locator(f'li[aria-label="{slide}"]').click()
        want = " ".join(statement.split())
        for pre in carousel.locator("pre.runnable").all():
            if pre.text_content().strip() != statement.strip():
                continue
            text = ""
            for _ in range(attempts):
                pre.click()
                text = self.wait_for_editor(want)
                if text == want:
                    break
            return text
        raise AssertionError(f"slide {slide} of the guide has no runnable statement {statement[:60]!r}")

    def wait_for_editor(self, want: str, timeout_s: float = 5.0) -> str:
        """The editor's text (spaces collapsed) once it equals ``want``, or what it holds after the timeout."""
        deadline = time.monotonic() + timeout_s
        text = ""
        while time.monotonic() < deadline:
            text = " ".join(self.editor_text().split())
            if text == want:
                break
            self.page.wait_for_timeout(100)
        return text

    def guide_statements(self) -> list[list[str]]:
        """The runnable statements of every slide, as the Browser renders them (slide by slide)."""
        carousel = self.guide_frame().get_by_test_id("carousel")
        out = []
        for n in range(1, carousel.locator("li[aria-label]").count() + 1):
            carousel.locator(f'li[aria-label="{n}"]').click()
            out.append([p.text_content().strip() for p in carousel.locator("pre.runnable").all()])
        return out

    def show_slide(self, n: int) -> None:
        self.guide_frame().get_by_test_id("carousel").locator(f'li[aria-label="{n}"]').click()

    def editor_text(self) -> str:
        return self.page.get_by_test_id("activeEditor").locator(".view-lines").inner_text()

    # -- what the graph view draws ---------------------------------------------------------------------

    def wait_for_graph(self, frame: Locator, settle_ms: int = 2500) -> None:
        frame.locator("svg g.node").first.wait_for(timeout=30_000)
        self.page.wait_for_timeout(settle_ms)  # the force layout moves nodes for a while

    def drawn_nodes(self, frame: Locator) -> list[DrawnNode]:
        raw = frame.locator("svg g.node").evaluate_all(
            """gs => gs.map(g => {
                const c = g.querySelector('circle.b-outline');
                return {
                    label: g.getAttribute('aria-label'),
                    fill: c.getAttribute('fill'),
                    r: parseFloat(c.getAttribute('r')),
                    lines: Array.from(g.querySelectorAll('text.caption')).map(t => t.textContent),
                };
            })"""
        )
        return [
            DrawnNode(int(r["label"].removeprefix("graph-node")), r["fill"], r["r"], " ".join(r["lines"]))
            for r in raw
        ]

    def drawn_relationships(self, frame: Locator) -> list[DrawnRelationship]:
        texts = frame.locator("svg g.relationship text").all_text_contents()
        return [DrawnRelationship(t) for t in texts]

    def shot(self, name: str, frame: Locator | None = None) -> Path:
        path = self.shots / f"{name}.png"
        (frame or self.page).screenshot(path=str(path))
        assert path.stat().st_size > 10_000, f"{path} is nearly empty"
        return path
