"""Open local HTML files in headless Chromium, offline, and record what the page does.

A small helper for browser tests (maps, reports). It drives Debian's ``chromium`` with
Playwright's Python client (``pip install playwright``; no ``playwright install``: the
system browser is used), and never skips: a missing browser is an error.

Used in a test as::

    with open_page(path) as page:
        page.wait_for("window.tramasReady === true")
        assert page.console_errors == [] and page.requests == []
        page.evaluate("document.title")
        page.screenshot(tmp_path / "page.png")

What is recorded
    ``requests``: every URL the page asked for other than the file itself (``data:`` and
    ``blob:`` URLs excepted: they do not leave the file). With ``offline=True`` (default)
    each such request is aborted, the browser context is offline and every host name
    resolves to nothing, so a page that needs the network fails visibly.
    ``console_errors``: console messages of type ``error`` plus uncaught exceptions.
    ``dialogs``: texts of ``alert``/``confirm``/``prompt`` dialogs (dismissed), e.g. from
    an injected script.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tramas.viz.snapshot import CHROMIUM_FLAGS

__all__ = ["CHROMIUM_ARGS", "PageSession", "chromium_path", "open_page"]

#: Flags for a quiet, sandbox-free Chromium that talks to nobody (Playwright adds
#: ``--headless`` and a fresh temporary profile on each launch).
CHROMIUM_ARGS: tuple[str, ...] = tuple(f for f in CHROMIUM_FLAGS if f != "--headless")


def chromium_path() -> str:
    """The Chromium executable: ``$TRAMAS_CHROMIUM`` or ``chromium`` on the PATH.

    Raises ``RuntimeError`` (tests fail, never skip) when there is none.
    """
    candidates = [
        os.environ.get("TRAMAS_CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ]
    for c in candidates:
        if c and Path(c).exists():
            return c
    raise RuntimeError(
        "headless Chromium not found: apt-get install chromium (or set TRAMAS_CHROMIUM)"
    )


@dataclass
class PageSession:
    """An open page and what it did. Use through :func:`open_page`."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    load_seconds: float = 0.0

    @property
    def console_errors(self) -> list[str]:
        """Console errors and uncaught exceptions, in order."""
        return [text for kind, text in self.console if kind == "error"] + self.page_errors

    def evaluate(self, js: str, arg: Any = None) -> Any:
        """Run a JavaScript expression (or function) in the page and return its value."""
        return self.page.evaluate(js, arg) if arg is not None else self.page.evaluate(js)

    def wait_for(self, js_condition: str, *, timeout_s: float = 30.0) -> float:
        """Wait until a JavaScript expression is truthy; return the seconds waited."""
        start = time.perf_counter()
        self.page.wait_for_function(js_condition, timeout=timeout_s * 1000)
        return time.perf_counter() - start

    def screenshot(self, path: str | Path, *, full_page: bool = False) -> Path:
        """Save a PNG screenshot and return its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@contextlib.contextmanager
def open_page(
    path: str | Path,
    *,
    offline: bool = True,
    viewport: tuple[int, int] = (1280, 800),
    timeout_s: float = 30.0,
    wait_until: str = "load",
) -> Iterator[PageSession]:
    """Open a local HTML file in headless Chromium and record its requests and errors.

    Parameters
    ----------
    path:
        The HTML file.
    offline:
        Abort every request other than the file itself and put the browser offline.
    viewport:
        Window size in CSS pixels.
    timeout_s:
        Navigation timeout.
    wait_until:
        Playwright's load state to wait for (``load``, ``domcontentloaded``).
    """
    from playwright.sync_api import sync_playwright

    file_url = Path(path).resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            context = browser.new_context(
                offline=offline,
                viewport={"width": viewport[0], "height": viewport[1]},
                service_workers="block",
            )
            page = context.new_page()
            session = PageSession(page=page, url=file_url)

            def on_request(request: Any) -> None:
                url = request.url
                if url != file_url and not url.startswith(("data:", "blob:")):
                    session.requests.append(url)

            def route(route_: Any) -> None:
                url = route_.request.url
                if url == file_url or url.startswith(("data:", "blob:")) or not offline:
                    route_.continue_()
                else:
                    route_.abort()

            context.on("request", on_request)
            context.route("**/*", route)
            page.on("console", lambda m: session.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: session.page_errors.append(str(e)))

            def on_dialog(dialog: Any) -> None:
                session.dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            start = time.perf_counter()
            page.goto(file_url, wait_until=wait_until, timeout=timeout_s * 1000)
            session.load_seconds = time.perf_counter() - start
            yield session
        finally:
            browser.close()
