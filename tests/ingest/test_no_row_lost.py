"""Property: ingest never loses or invents a row — every record is loaded, merged or rejected."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tramas.ingest import load

IDS = ["F1", "F2", "F3", "U1", "X1"]
endpoint = st.sampled_from([*IDS, "F9", "", "f1"])
weight = st.sampled_from(["", "1", "2", "2,5", "0", "-1", "abc", "3.0"])
relation = st.sampled_from(["knowledge", "trade", "", "Co Operación"])
row = st.tuples(endpoint, endpoint, relation, weight, st.sampled_from(["1", "2"]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=40))
def test_every_row_is_accounted_for(rows):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "actors.csv").write_text("id,name\n" + "".join(f"{i},Actor {i}\n" for i in IDS))
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["source", "target", "relation", "weight", "wave"])
        w.writerows(rows)
        (tmp / "ties.csv").write_text(buf.getvalue())
        net = load(actors=tmp / "actors.csv", ties=[tmp / "ties.csv"], strict=False)
    counts = net.report.files[1]
    assert counts.rows == counts.records == len(rows)
    assert counts.loaded + counts.merged + counts.rejected == len(rows)
    assert len(net.ties) == counts.loaded  # nothing invented
    # every loaded tie comes from a distinct input row, with the same endpoints
    assert net.ties["source_row"].is_unique
    for tie in net.ties.itertuples():
        src, tgt, *_ = rows[tie.source_row - 2]
        assert {tie.source, tie.target} == {src, tgt}
    # every rejected row has exactly one reason naming its row
    rejected_rows = {i.row for i in net.report.issues if i.code in ("bad_tie", "zero_weight")}
    assert len(rejected_rows) == counts.rejected
    merged_rows = {i.row for i in net.report.issues if i.code == "duplicate_tie"}
    assert len(merged_rows) == counts.merged
    assert not (rejected_rows & merged_rows) and not (rejected_rows & set(net.ties["source_row"]))
