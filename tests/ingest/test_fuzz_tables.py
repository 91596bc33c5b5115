"""Fuzz (issue #14, item 8): malformed tables — random bytes, encodings, blank lines,
quotes, delimiters, duplicate headers, huge numbers, empty cells, NFD and zero-width text —
end in a network whose every row is accounted for, or in one clear error; never another
exception, never a traceback at the command line."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError, ValidationFailed
from tramas.ingest import load

IDS = ["F1", "F2", "Ñandú", "U1"]
ACTORS = "id,name\n" + "".join(f"{i},Actor {i}\n" for i in IDS)
#: Examples per property: 40 in the suite; `FUZZ_EXAMPLES=2000` for a longer hunt.
FAST = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# cells: ids as written by people (NFD, zero-width, case, spaces), empties, numbers
_text = st.sampled_from(
    [
        *IDS,
        unicodedata.normalize("NFD", "Ñandú"),
        "F1\u200b",
        "\ufeffF2",
        "f1",
        " F2 ",
        "",
        "-",
        "F9",
        'a "quoted" cell',
        "two\nlines",
        "semi;colon",
        "com,ma",
        "tab\there",
    ]
)
_number = st.sampled_from(
    ["1", "2,5", "0", "-1", "1e400", "-1e400", "1e308", "1e15", "1e16", "nan", "inf", "abc", ""]
)
_header = st.lists(
    st.sampled_from(
        ["source", "target", "weight", "relation", "wave", "Source", "ID", "Id", "peso", "note", ""]
    ),
    min_size=1,
    max_size=6,
)


def _load(ties: bytes, actors: bytes = ACTORS.encode()):
    """Load the two files; the outcome, or the error the loader may raise on purpose."""
    with tempfile.TemporaryDirectory() as tmp:
        a, t = Path(tmp) / "actors.csv", Path(tmp) / "ties.csv"
        a.write_bytes(actors)
        t.write_bytes(ties)
        try:
            return load(actors=a, ties=[t], strict=False)
        except (InputError, ValidationFailed):
            return None


def _balanced(network) -> None:
    if network is None:
        return
    for counts in network.report.files:
        assert counts.balanced, counts
        assert counts.records == counts.loaded + counts.merged + counts.rejected
    ties = [c for c in network.report.files if c.what.startswith("ties")]
    assert len(network.ties) == sum(c.loaded for c in ties)
    assert network.ties["weight"].abs().max() <= 1e15 if len(network.ties) else True


@FAST
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_crash(raw):
    _balanced(_load(raw))
    _balanced(_load(b"source,target\nF1,F2\n", actors=raw))


@FAST
@given(
    header=st.sampled_from(["source,target,weight", "source;target;weight", "a"]),
    noise=st.binary(min_size=1, max_size=40),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_encodings_and_stray_bytes_never_crash(header, noise, encoding):
    text = f"{header}\nF1,Ñandú,2\n"
    raw = text.encode(encoding, errors="replace")
    _balanced(_load(raw + noise + b"\nF2,F1,1\n"))
    _balanced(_load(noise + raw))


@FAST
@given(
    header=_header,
    rows=st.lists(st.lists(st.one_of(_text, _number), max_size=7), max_size=12),
    blanks=st.lists(st.integers(0, 2), max_size=14),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_structured_tables_load_with_every_row_accounted_for(
    header, rows, blanks, delimiter, quoting, encoding
):
    lines = []
    for i, record in enumerate([header, *rows]):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\n").writerow(record)
        lines.append(buf.getvalue() + "\n" * (blanks[i] if i < len(blanks) else 0))
    raw = "".join(lines).encode(encoding, errors="replace")
    network = _load(raw)
    _balanced(network)
    if network is None:
        return
    tie_files = [c for c in network.report.files if c.what.startswith("ties")]
    if tie_files and not any(i.code == "file" for i in network.report.errors):
        # every data record of the file (blank lines are no records) is accounted for
        data = [r for r in rows if r]
        assert tie_files[0].rows == tie_files[0].records == len(data)


@settings(max_examples=8, deadline=None)
@given(
    ties=st.sampled_from(
        [
            b"source,target,weight\nF1,F2,1e400\n",
            b"source,target,source\nF1,F2,U1\n",
            b"source,Source,target\nF1,F2,U1\n",
            b"source,target,weight\n\nF1,F2,1\n\nF2,U1,x\n",
            b"source,target,relation,wave\nF1,F2,,\n",
            "source,target\nF1,Ña\u200bndú\n".encode(),
            b"source,target\nF1,Vi\xc3\xb1a\nF2,A\xf1o\n",
            b'"source;target"\n"F1;F2"\n',
            b'source,target\nF1,"F2\nF1,U1\n',
            b"\xff\xfes\x00",
        ]
    ),
    command=st.sampled_from(["validate", "analyze"]),
)
def test_the_command_line_exits_0_or_1_without_a_traceback(ties, command):
    with tempfile.TemporaryDirectory() as tmp:
        a, t = Path(tmp) / "actors.csv", Path(tmp) / "ties.csv"
        a.write_text(ACTORS, encoding="utf-8")
        t.write_bytes(ties)
        args = [command, "--actors", str(a), "--ties", str(t)]
        if command == "analyze":
            args += ["--out", str(Path(tmp) / "out")]
        result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
