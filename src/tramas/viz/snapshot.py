"""A picture (PNG or SVG) of a map file, drawn by headless Chromium.

The map page draws its own pictures (its *Download PNG* / *Download SVG* buttons,
``static/export.js``). :func:`snapshot` opens the file in a headless Chromium with the
URL hash ``#tramas-export=png`` (or ``svg``): once the map is drawn, the page puts the
picture — a PNG data URL at three times the screen's pixels, or the SVG text — into a
``<pre id="tramas-export-result">`` block; Chromium's ``--dump-dom`` prints the page,
and the picture is read from that block. The browser runs offline (every host name
resolves to nothing) with a fresh temporary profile.

Chromium is looked for in ``$TRAMAS_CHROMIUM``, then ``chromium``, ``chromium-browser``
and ``google-chrome`` on the ``PATH``.
"""

from __future__ import annotations

import base64
import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from tramas.exceptions import TramasError

__all__ = ["CHROMIUM_FLAGS", "BROWSERS", "find_chromium", "read_result", "snapshot"]

#: Executables looked for on the PATH, in order, after ``$TRAMAS_CHROMIUM``.
BROWSERS: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
#: Flags of a quiet, sandbox-free headless Chromium that talks to nobody.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
_RESULT = re.compile(r'<pre id="tramas-export-result"[^>]*>([^<]*)</pre>')
_PNG_URL = "data:image/png;base64,"


def find_chromium() -> str:
    """The Chromium executable to use.

    Definition: ``$TRAMAS_CHROMIUM`` when it names an existing file, else the first of
    :data:`BROWSERS` found on the ``PATH``.

    Raises
    ------
    TramasError
        ``map_no_chromium`` when there is none.
    """
    tried: list[str] = []
    env = os.environ.get("TRAMAS_CHROMIUM")
    if env:
        if Path(env).is_file():
            return env
        tried.append(f"TRAMAS_CHROMIUM={env}")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
        tried.append(name)
    raise TramasError(
        f"no Chromium to draw the picture with ({', '.join(tried)})",
        hint="install Chromium (apt-get install chromium) or set TRAMAS_CHROMIUM",
        code="map_no_chromium",
        values={"tried": ", ".join(tried)},
    )


def read_result(dom: str, kind: Literal["png", "svg"]) -> bytes | None:
    """The picture the page put in its result block, or ``None`` when there is none.

    Examples
    --------
    >>> read_result('<pre id="tramas-export-result" hidden="">&lt;svg/&gt;</pre>', "svg")
    b'<svg/>'
    >>> read_result('<pre id="tramas-export-result">data:image/png;base64,iVBO</pre>', "png")
    b'\\x89PN'
    >>> read_result("<body></body>", "svg") is None
    True
    """
    found = _RESULT.findall(dom)  # the page's own block is the last one (after its scripts)
    if not found:
        return None
    content = html.unescape(found[-1])
    if kind == "svg":
        return content.encode("utf-8") if "<svg" in content else None
    if not content.startswith(_PNG_URL):
        return None
    return base64.b64decode(content[len(_PNG_URL) :])


def snapshot(
    map_html: str | Path,
    out: str | Path,
    kind: Literal["png", "svg"],
    *,
    width: int = 1400,
    height: int = 1000,
    timeout: float = 120.0,
) -> Path:
    """Write a picture of the map file ``map_html`` as headless Chromium draws it.

    Parameters
    ----------
    map_html:
        A map written by :func:`tramas.viz.maps.write_map`.
    out:
        The picture to write (folders are created).
    kind:
        ``png`` (the map's view at three times the window's pixels, white background)
        or ``svg`` (the view as vector shapes, with the labels and a legend).
    width, height:
        Browser window in CSS pixels.
    timeout:
        Seconds Chromium may take.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    TramasError
        ``map_no_chromium`` (no browser), ``map_picture_timeout``,
        ``map_picture_failed`` (Chromium failed or the page gave no picture) or
        ``map_picture_kind``.

    Examples
    --------
    >>> snapshot("map.html", "map.gif", "gif")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tramas.exceptions.TramasError: unknown picture kind 'gif'
    """
    if kind not in ("png", "svg"):
        raise TramasError(
            f"unknown picture kind {kind!r}",
            hint="use png or svg",
            code="map_picture_kind",
            values={"kind": kind},
        )
    source = Path(map_html).resolve()
    out = Path(out)
    browser = find_chromium()
    url = f"{source.as_uri()}#tramas-export={kind}"
    with tempfile.TemporaryDirectory(prefix="tramas-chromium-") as profile:
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=30000",
            "--dump-dom",
            url,
        ]
        try:
            run = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise TramasError(
                f"Chromium took more than {timeout:g} s to draw {source.name}",
                hint="open the map in a browser and use its Download buttons",
                code="map_picture_timeout",
                values={"seconds": f"{timeout:g}", "file": source.name},
            ) from exc
        except OSError as exc:
            raise _failed(source, exc.strerror or str(exc)) from exc
    picture = read_result(run.stdout.decode("utf-8", errors="replace"), kind)
    if picture is None:
        # Chromium's stderr is mostly noise about D-Bus; its last other line says most
        err = [
            line
            for line in run.stderr.decode("utf-8", errors="replace").splitlines()
            if line.strip() and "dbus" not in line
        ]
        reason = err[-1] if err else f"no picture in the page (exit status {run.returncode})"
        raise _failed(source, reason)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(picture)
    return out


def _failed(source: Path, reason: str) -> TramasError:
    return TramasError(
        f"Chromium did not draw a picture of {source.name}: {reason}",
        hint="open the map in a browser and use its Download buttons",
        code="map_picture_failed",
        values={"file": source.name, "reason": reason},
    )
