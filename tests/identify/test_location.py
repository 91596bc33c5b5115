"""Location quotients: the documented worked example, thresholds, validation and the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError, TramasError
from tramas.identify import location_quotients

# the worked example of docs/identify.md (employment by province and sector)
EXAMPLE = pd.DataFrame(
    {
        "provincia": ["Mendoza"] * 3 + ["San Juan"] * 3 + ["Córdoba"] * 3,
        "rubro": ["vino", "metal", "software"] * 3,
        "empleo": [9000, 3000, 1000, 2500, 800, 200, 1500, 9000, 5000],
    }
)
KW = {"region": "provincia", "sector": "rubro", "value": "empleo"}


def _lq(result, region, sector, col="lq"):
    t = result.table
    return float(t.loc[(t["region"] == region) & (t["sector"] == sector), col].iloc[0])


def test_worked_example_hand_computed():
    res = location_quotients(EXAMPLE, **KW)
    # E = 32000; E_Mendoza = 13000, E_SanJuan = 3500, E_Cordoba = 15500
    # E_vino = 13000, E_metal = 12800, E_software = 6200
    assert _lq(res, "Mendoza", "vino") == pytest.approx((9000 / 13000) / (13000 / 32000))
    assert _lq(res, "San Juan", "vino") == pytest.approx((2500 / 3500) / (13000 / 32000))
    assert _lq(res, "Córdoba", "software") == pytest.approx((5000 / 15500) / (6200 / 32000))
    assert _lq(res, "Córdoba", "metal") == pytest.approx((9000 / 15500) / (12800 / 32000))
    assert _lq(res, "Mendoza", "vino", "share") == pytest.approx(9000 / 13000)
    assert _lq(res, "Córdoba", "software", "focus") == pytest.approx(5000 / 15500)
    assert res.total == 32000
    cands = res.candidates
    assert list(zip(cands["region"], cands["sector"], strict=True)) == [
        ("San Juan", "vino"),
        ("Mendoza", "vino"),
        ("Córdoba", "software"),
        ("Córdoba", "metal"),
    ]
    assert cands["rank"].tolist() == [1, 2, 3, 4]
    assert res.table["rank"].isna().sum() == 5
    assert list(res.table.columns) == [
        "region",
        "sector",
        "value",
        "lq",
        "share",
        "focus",
        "candidate",
        "rank",
    ]


def test_thresholds_on_value_and_share():
    res = location_quotients(EXAMPLE, **KW, min_value=3000)
    assert ("San Juan", "vino") not in set(
        zip(res.candidates["region"], res.candidates["sector"], strict=True)
    )
    assert len(res.candidates) == 3
    res = location_quotients(EXAMPLE, **KW, min_share=0.75)
    assert list(res.candidates["sector"]) == ["software"]
    res = location_quotients(EXAMPLE, **KW, min_lq=2.0)
    assert res.candidates.empty
    assert res.parameters() == {
        "min_lq": 2.0,
        "min_value": 0.0,
        "min_share": 0.0,
        "value": "empleo",
    }


def test_missing_combinations_count_as_zero_and_zero_regions_warn():
    t = pd.DataFrame(
        {"region": ["A", "A", "B", "C"], "sector": ["x", "y", "x", "y"], "value": [10, 30, 40, 0]}
    )
    res = location_quotients(t)
    assert len(res.table) == 6  # 3 regions x 2 sectors
    assert _lq(res, "B", "y", "value") == 0.0
    assert _lq(res, "B", "x") == pytest.approx((40 / 40) / (50 / 80))
    assert np.isnan(_lq(res, "C", "x"))
    assert any("zero total" in w and "C" in w for w in res.warnings)


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.integers(0, 5000), min_size=12, max_size=12),
    factor=st.floats(0.01, 100),
)
def test_lq_invariants(values, factor):
    if sum(values) == 0:
        return
    t = pd.DataFrame(
        {
            "region": [r for r in "ABCD" for _ in range(3)],
            "sector": list("xyz") * 4,
            "value": values,
        }
    )
    res = location_quotients(t, min_lq=1.0)
    tab = res.table
    e_r = tab.groupby("region")["value"].sum()
    # the employment-weighted mean of a sector's quotients over regions is 1
    for _s, part in tab.groupby("sector"):
        if part["value"].sum() == 0:
            continue
        weights = part["region"].map(e_r) / res.total
        assert float((weights * part["lq"].fillna(0)).sum()) == pytest.approx(1.0)
    # quotients do not depend on the unit of measurement
    scaled = location_quotients(t.assign(value=t["value"] * factor), min_lq=1.0).table
    pd.testing.assert_series_equal(tab["lq"], scaled["lq"], check_names=False, rtol=1e-9)


def test_csv_with_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "empleo.csv"
    path.write_text(
        "Provincia;Rubro;Empleo\nMendoza;vino;9000,5\nMendoza;metal;3000\n"
        "Córdoba;vino;1500\nCórdoba;metal;9000\n",
        encoding="cp1252",
    )
    res = location_quotients(path, **KW)  # headers matched case-insensitively
    assert _lq(res, "Mendoza", "vino", "value") == 9000.5
    assert _lq(res, "Córdoba", "metal") == pytest.approx((9000 / 10500) / (12000 / 22500.5))


def test_xlsx_sheet(tmp_path):
    path = tmp_path / "empleo.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"a": [1]}).to_excel(xl, sheet_name="notes", index=False)
        EXAMPLE.to_excel(xl, sheet_name="empleo", index=False)
    res = location_quotients(path, **KW, sheet="empleo")
    assert _lq(res, "Mendoza", "vino") == pytest.approx((9000 / 13000) / (13000 / 32000))


@pytest.mark.parametrize(
    ("cell", "message"),
    [("abc", "'abc' is not a number"), ("-5", "negative value"), ("", "empty value")],
)
def test_bad_values_name_file_row_and_column(tmp_path, cell, message):
    path = tmp_path / "t.csv"
    path.write_text(f"region,sector,value\nA,x,1\nA,y,2\nB,x,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        location_quotients(path)
    err = info.value
    assert (err.file, err.row, err.column) == (str(path), 4, "value")
    # blank lines count in the row, as a spreadsheet or an editor numbers it
    path.write_text(f"region,sector,value\n\nA,x,1\n\nA,y,2\nB,x,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        location_quotients(path)
    assert (info.value.row, info.value.column) == (6, "value")


def test_missing_column_and_empty_region(tmp_path):
    with pytest.raises(InputError, match="no sector column 'activity'") as info:
        location_quotients(EXAMPLE, region="provincia", sector="activity", value="empleo")
    assert (info.value.row, info.value.column) == (1, "activity")
    with pytest.raises(InputError, match="no value column 'jobs'"):
        location_quotients(EXAMPLE, region="provincia", sector="rubro", value="jobs")
    bad = EXAMPLE.copy()
    bad.loc[4, "provincia"] = "  "
    with pytest.raises(InputError, match="empty region") as info:
        location_quotients(bad, **KW)
    assert info.value.row == 6


def test_duplicates_rejected_by_default_or_summed_with_warning():
    dup = pd.concat([EXAMPLE, EXAMPLE.iloc[[0]]], ignore_index=True)
    with pytest.raises(
        InputError, match="'Mendoza' and sector 'vino' appear in rows 2, 11"
    ) as info:
        location_quotients(dup, **KW)
    assert info.value.row == 11
    assert "--sum-duplicates" in info.value.hint
    res = location_quotients(dup, **KW, duplicates="sum")
    assert _lq(res, "Mendoza", "vino", "value") == 18000
    assert len(res.warnings) == 1 and "summed" in res.warnings[0]


def test_bad_parameters():
    with pytest.raises(TramasError, match="min_share"):
        location_quotients(EXAMPLE, **KW, min_share=5)
    with pytest.raises(TramasError, match="min_lq"):
        location_quotients(EXAMPLE, **KW, min_lq=-1)
    with pytest.raises(InputError, match="every value is zero"):
        location_quotients(EXAMPLE.assign(empleo=0), **KW)


# ----------------------------------------------------------------- CLI
def test_cli_lq_writes_ranked_table(tmp_path):
    table = tmp_path / "empleo.csv"
    EXAMPLE.to_csv(table, index=False)
    out = tmp_path / "out" / "lq.csv"
    result = CliRunner().invoke(
        app,
        [
            "identify",
            "lq",
            "--table",
            str(table),
            "--region",
            "provincia",
            "--sector",
            "rubro",
            "--value",
            "empleo",
            "--out",
            str(out),
            "--min-lq",
            "1.5",
            "--min-value",
            "2000",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 candidates" in result.output
    written = pd.read_csv(out)
    assert list(written.columns[:4]) == ["region", "sector", "value", "lq"]
    assert "candidate" in written.columns
    top = written[written["candidate"]]
    assert list(top["rank"]) == [1, 2, 3]
    assert list(top["sector"]) == ["vino", "vino", "software"]
    assert written["lq"].iloc[0] == pytest.approx((2500 / 3500) / (13000 / 32000))


def test_cli_lq_reports_input_errors(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("region,sector,value\nA,x,1\nA,x,2\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["identify", "lq", "--table", str(table), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1
    assert "appear in rows 2, 3" in result.output
    assert not (tmp_path / "o.csv").exists()
    result = CliRunner().invoke(
        app,
        [
            "identify",
            "lq",
            "--table",
            str(table),
            "--out",
            str(tmp_path / "o.csv"),
            "--sum-duplicates",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "summed" in result.output
