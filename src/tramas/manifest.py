"""``manifest.json``: what a run read, how, and what it wrote — so a result can be
reproduced and audited.

Every command that writes files leaves one ``manifest.json`` in each output folder
(:func:`write_manifest`, called by the command line once the command has finished;
notebooks call it themselves). It records:

``command``
    The command line (``argv``), with passwords masked: ``user:password@`` in a URI,
    the value of ``--password``/``--anon-key`` options, ``NAME=VALUE`` pairs whose
    name says password, secret, token or key.
``parameters`` and ``seed``
    Every option of the command as it ran (defaults included), secrets masked.
``tramas``, ``python``, ``platform``, ``packages``
    The versions that computed the result.
``inputs``
    Each input file with its size and SHA-256.
``accounting``
    The row accounting of each input file: records read, loaded, merged into another
    record and rejected, with the number of errors and warnings of the load.
``outputs``
    Each file written, relative to the folder, with its size and SHA-256
    (``manifest.json`` itself excluded).
``started``, ``finished``
    UTC times.
``earlier``
    Earlier runs whose files are still in the folder and were not written again
    (their own ``outputs`` limited to those files), so two commands writing into one
    folder keep both records.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tramas._version import __version__
from tramas.output import json_safe, write_json

__all__ = ["MANIFEST", "PACKAGES", "file_record", "mask_secrets", "write_manifest"]

#: The file name of the manifest in each output folder.
MANIFEST = "manifest.json"

#: Packages whose versions the manifest records (``None`` when not installed).
PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "networkx",
    "igraph",
    "leidenalg",
    "pyvis",
    "neo4j",
    "jinja2",
    "openpyxl",
    "pyarrow",
    "typer",
)

#: Earlier runs kept in ``earlier`` at most.
MAX_EARLIER = 20

_MASK = "***"
_URI_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*):([^@/\s]*)@")
_SECRET_NAME = re.compile(r"(pass(word)?|secret|token|api[_-]?key|anon[_-]?key)", re.IGNORECASE)
_SECRET_OPTIONS = ("--password", "--anon-key", "--token", "--secret")


def mask_secrets(value: Any, name: str | None = None) -> Any:
    """``value`` with passwords and keys masked: ``user:password@`` in URIs, and the
    whole value when ``name`` (an option or parameter name) says it is a secret.

    Examples
    --------
    >>> mask_secrets("bolt://neo4j:s3cret@db.example:7687")
    'bolt://neo4j:***@db.example:7687'
    >>> mask_secrets("abc", "anon_key"), mask_secrets(["x://u:p@h"])
    ('***', ['x://u:***@h'])
    """
    if name is not None and _SECRET_NAME.search(name) and value not in (None, "", False):
        return _MASK
    if isinstance(value, str):
        return _URI_PASSWORD.sub(rf"\1:{_MASK}@", value)
    if isinstance(value, Mapping):
        return {k: mask_secrets(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_secrets(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _mask_argv(argv: Iterable[str]) -> list[str]:
    """The command line with secrets masked (see :func:`mask_secrets`)."""
    out: list[str] = []
    hide_next = False
    for arg in argv:
        arg = str(arg)
        if hide_next:
            out.append(_MASK)
            hide_next = False
            continue
        option, eq, rest = arg.partition("=")
        if option in _SECRET_OPTIONS:
            if eq:
                out.append(f"{option}={_MASK}")
            else:
                out.append(arg)
                hide_next = True
            continue
        if eq and not option.startswith("-") and _SECRET_NAME.search(option):
            out.append(f"{option}={_MASK}")  # --param password=... or NAME=VALUE
            continue
        out.append(mask_secrets(arg))
    return out


def file_record(path: str | Path, folder: str | Path | None = None) -> dict[str, Any]:
    """A file's ``path`` (relative to ``folder`` when inside it), ``bytes`` and ``sha256``.

    Examples
    --------
    >>> import tempfile, os
    >>> d = Path(tempfile.mkdtemp()); (d / "a.txt").write_text("hi")
    2
    >>> file_record(d / "a.txt", d)["sha256"][:12], file_record(d / "a.txt", d)["path"]
    ('8f434346648f', 'a.txt')
    """
    path = Path(path)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return {
        "path": _shown(path, folder),
        "bytes": path.stat().st_size,
        "sha256": digest.hexdigest(),
    }


def _shown(path: Path, folder: str | Path | None) -> str:
    if folder is not None:
        try:
            return path.resolve().relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            pass
    return str(path.resolve())


def _versions() -> dict[str, str | None]:
    from importlib import metadata

    found: dict[str, str | None] = {}
    for name in PACKAGES:
        dist = {"igraph": "igraph", "jinja2": "Jinja2"}.get(name, name)
        try:
            found[name] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _accounting(network: Any) -> dict[str, Any] | None:
    """The row accounting of a network read from files (its ingest report), or ``None``."""
    report = getattr(network, "report", None)
    if report is None:
        return None
    files = [
        {
            "file": counts.file,
            "what": counts.what,
            "rows": counts.rows,
            "records": counts.records,
            "loaded": counts.loaded,
            "merged": counts.merged,
            "rejected": counts.rejected,
        }
        for counts in getattr(report, "files", [])
    ]
    return {
        "files": files,
        "errors": len(getattr(report, "errors", [])),
        "warnings": len(getattr(report, "warnings", [])),
        "actors": len(network.actors) if getattr(network, "actors", None) is not None else None,
        "ties": len(network.ties) if getattr(network, "ties", None) is not None else None,
    }


def _load_accounting(load: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The row accounting of a scale-mode read (no ingest report then): its one tie
    file, and the rejections by reason."""
    if not load:
        return None
    rejected = dict(load.get("rejected", {}))
    return {
        "files": [
            {
                "file": load.get("file"),
                "what": "ties (scale mode)",
                "rows": load.get("rows"),
                "records": load.get("rows"),
                "loaded": load.get("loaded"),
                "merged": load.get("merged"),
                "rejected": sum(rejected.values()),
            }
        ],
        "rejected_by_reason": rejected,
        "errors": load.get("errors"),
    }


def _input_files(inputs: Iterable[str | Path], network: Any) -> list[Path]:
    """Existing input files: the given ones, then those the network's report names."""
    seen: dict[Path, None] = {}
    named = [Path(p) for p in inputs if p is not None]
    report = getattr(network, "report", None)
    named += [Path(c.file) for c in getattr(report, "files", [])]
    for path in named:
        try:
            if path.is_file():
                seen.setdefault(path.resolve(), None)
        except OSError:
            continue
    return list(seen)


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC).isoformat(timespec="seconds")


def write_manifest(
    folder: str | Path,
    *,
    outputs: Iterable[str | Path] | None = None,
    inputs: Iterable[str | Path] = (),
    network: Any = None,
    load: Mapping[str, Any] | None = None,
    command: str | None = None,
    argv: Iterable[str] | None = None,
    parameters: Mapping[str, Any] | None = None,
    seed: int | None = None,
    started: datetime | None = None,
    finished: datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``folder/manifest.json`` describing a run (see the module notes).

    Parameters
    ----------
    folder:
        The output folder.
    outputs:
        The files the run wrote (default: every file under ``folder`` but the manifest).
    inputs:
        The input files read; the files named by ``network``'s ingest report are added.
    network:
        The :class:`~tramas.graph.Network` analysed: its row accounting is recorded.
    load:
        Without a network, the accounting of a scale-mode read
        (:meth:`tramas.ingest.scale.ScaleLoadReport.to_dict`).
    command:
        The command's name (e.g. ``"analyze"``).
    argv:
        The command line (default: ``sys.argv``); secrets are masked.
    parameters:
        The options or arguments of the run (secrets masked by name).
    seed:
        The seed of the random steps (default: ``parameters["seed"]``).
    started, finished:
        When the run began and ended (default: now for ``finished``).
    extra:
        More facts to record (kept under their own keys).

    Returns
    -------
    Path
        The manifest file.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "t.csv").write_text("a\\n1\\n")
    >>> m = json.loads(write_manifest(d, command="notebook", seed=7).read_text())
    >>> m["outputs"][0]["path"], m["seed"]
    ('t.csv', 7)
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / MANIFEST
    if outputs is None:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    else:
        uniq = {Path(p).resolve(): None for p in outputs}
        files = [p for p in uniq if p.is_file() and p != target.resolve()]
    params = dict(parameters or {})
    record: dict[str, Any] = {
        "manifest": 1,
        "command": command,
        "argv": _mask_argv(sys.argv if argv is None else argv),
        "started": _time(started),
        "finished": _time(finished or datetime.now(UTC)),
        "tramas": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": _versions(),
        "seed": seed if seed is not None else params.get("seed"),
        "parameters": {k: mask_secrets(v, k) for k, v in params.items()},
        "inputs": [file_record(p) for p in _input_files(inputs, network)],
        "accounting": _accounting(network) if network is not None else _load_accounting(load),
        "outputs": [file_record(p, folder) for p in files],
    }
    if extra:
        record.update({k: mask_secrets(v, k) for k, v in extra.items()})
    earlier = _earlier(target, {o["path"] for o in record["outputs"]}, folder)
    if earlier:
        record["earlier"] = earlier
    return write_json(json_safe(record), target)


def _earlier(target: Path, rewritten: set[str], folder: Path) -> list[dict[str, Any]]:
    """The runs of an existing manifest whose files are still there and not rewritten."""
    try:
        previous = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(previous, dict):
        return []
    runs = [r for r in previous.pop("earlier", []) if isinstance(r, dict)] + [previous]
    kept = []
    for run in runs:
        outputs = [
            o
            for o in run.get("outputs", [])
            if isinstance(o, dict)
            and o.get("path") not in rewritten
            and (folder / str(o.get("path"))).is_file()
        ]
        if outputs:
            kept.append({**run, "outputs": outputs})
    return kept[-MAX_EARLIER:]
