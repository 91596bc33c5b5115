"""The translation catalogue and the hand-written SVG charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tramas.locale as i18n
from tramas.exceptions import TramasError
from tramas.locale import placeholders
from tramas.report import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert("x")</script> & Co'


def _fields(text: str) -> set[str]:
    return placeholders(text)


def test_every_language_has_every_key_with_the_same_placeholders():
    langs = list(i18n.CATALOGUE)
    assert set(langs) >= {"en", "es"}
    reference = i18n.CATALOGUE["en"]
    for lang in langs:
        cat = i18n.CATALOGUE[lang]
        assert set(cat) == set(reference), lang
        for key, text in cat.items():
            assert _fields(text) == _fields(reference[key]), (lang, key)
        assert set(i18n.SEPARATORS) >= set(langs)


def test_spanish_texts_are_translated():
    same = [
        k for k, v in i18n.CATALOGUE["es"].items() if v == i18n.CATALOGUE["en"][k] and len(v) > 25
    ]
    assert same == []


def test_markup_values_are_escaped_and_catalogue_tags_kept():
    html = str(i18n.tm("f_leads", "en", n=1, names=NASTY))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; Co" in html
    assert "<strong>" in str(i18n.tm("q_treatment", "en", rules=""))


def test_labels_and_unknown_languages():
    assert i18n.label("kind", "research", "es") == "investigación"
    assert i18n.label("size", "small", "en") == "small"
    assert i18n.label("sector", "vino", "es") == "vino"  # no translation: the value itself
    with pytest.raises(TramasError, match="no language 'pt'"):
        i18n.t("report_title", "pt")


@pytest.mark.parametrize(
    ("value", "lang", "style", "text"),
    [
        (1234567, "en", "int", "1,234,567"),
        (1234567, "es", "int", "1.234.567"),
        (0.0498, "es", "dec3", "0,050"),
        (0.941, "es", "pct", "94,1\u00a0%"),
        (0.941, "en", "pct", "94.1%"),
        (0.25, "es", "pct0", "25\u00a0%"),
        (28.51, "en", "z", "+28.5"),
        (-0.04, "en", "z", "0.0"),
        (-10.05, "es", "z", "\u221210,1"),
        (0.0099, "es", "p", "< 0,01"),
        (0.97, "en", "p", "0.97"),
        (3.0, "en", "auto", "3"),
        (0.123456, "en", "auto", "0.123"),
        (float("nan"), "en", "dec2", "–"),
        (None, "es", "int", "–"),
    ],
)
def test_format_number(value, lang, style, text):
    assert i18n.format_number(value, lang, style) == text


@given(
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.sampled_from(["en", "es"]),
    st.sampled_from(["int", "dec1", "dec2", "dec3", "pct", "z"]),
)
def test_formatted_numbers_read_back_within_their_rounding(value, lang, style):
    text = i18n.format_number(value, lang, style)
    shown = i18n.parse_number(text, lang)
    if style == "pct":
        shown /= 100
        tol = 0.0005 + 1e-9 * abs(value)
    else:
        places = {"int": 0, "dec1": 1, "dec2": 2, "dec3": 3, "z": 1}[style]
        tol = 0.5 * 10**-places + 1e-9 * abs(value)
    assert abs(shown - value) <= tol


def _parse(svg) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_bar_chart_escapes_labels_and_draws_one_bar_each():
    svg = charts.bar_chart([NASTY, "B", "C"], [5.0, 2.0, 0.0], title="Top <b>")
    root = _parse(svg)
    assert len(list(root.iter(f"{SVG}rect"))) == 3
    assert any("<script>" in t for t in _texts(root))  # a text node, not an element
    assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > widths[2] == 0.0
    assert widths[0] / widths[1] == pytest.approx(5 / 2)


def test_histogram_has_a_bar_per_value_and_heights_proportional_to_counts():
    root = _parse(charts.histogram({0: 2, 1: 6, 4: 3}, title="t", x_label="k", y_label="n"))
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert len(heights) == 5  # degrees 0..4
    assert heights[1] == pytest.approx(3 * heights[0]) and heights[2] == heights[3] == 0.0


def test_stacked_bars_segments_sum_to_row_totals():
    m = np.array([[3, 1, 0], [2, 2, 2]])
    root = _parse(charts.stacked_bars(["r1", "r2"], ["a", "b", NASTY], m, title="c"))
    segs = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "seg"]
    assert len(segs) == 5
    w = [float(s.get("width")) for s in segs]
    assert sum(w[:2]) / sum(w[2:]) == pytest.approx(4 / 6)


def test_scatter_keeps_every_point_and_escapes_labels():
    root = _parse(
        charts.scatter(
            [0, 0, 0, 2],
            [0, 0, 0, 1],
            ["a", "a", "b", "b"],
            title="s",
            x_label="x",
            y_label="y",
            colors={"a": "#f00", "b": "#00f"},
            labels=["", "", "", NASTY],
            x_line=1,
            y_line=0.5,
        )
    )
    points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "pt"]
    assert len(points) == 4
    # points at the same position are spread so that each stays visible
    assert len({(p.get("cx"), p.get("cy")) for p in points[:3]}) == 3
    assert any(t.startswith("<script>") for t in _texts(root))


def test_network_drawing():
    pos = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    root = _parse(
        charts.network_drawing(
            pos, [(0, 1), (1, 2)], ["#f00"] * 3, [3, 4, 5], title="n", legend={NASTY: "#f00"}
        )
    )
    assert len(list(root.iter(f"{SVG}line"))) == 2
    assert any(t.startswith("<script>") for t in _texts(root))


def test_plurals_count_figures_already_wrapped_as_markup():
    """Report figures reach the texts wrapped in their data-key span: the plural follows
    the number shown ("1 está", not "1 están")."""
    from markupsafe import Markup

    def fig(n: str) -> Markup:
        return Markup(f'<span data-key="k">{n}</span>')

    one = str(i18n.tm("f_smes", "es", isolated=fig("7"), weak=fig("1")))
    assert "7</span> pymes no tienen" in one and "1</span> está débilmente conectada" in one
    many = str(i18n.tm("f_smes", "en", isolated=fig("1"), weak=fig("1.234")))
    assert "1</span> SME has no ties" in many and "1.234</span> are weakly" in many
