"""Value-chain evidence of trade ties, the upgrading firms report and the study file's
``[governance]``, ``[diagnosis]`` and ``[upgrading]`` blocks (issue #15, item 1)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tramas.exceptions import InputError
from tramas.ingest import load
from tramas.locale.errors import error_text

ACTORS = (
    "id,name,kind,internal\n"
    "F1,Bodega Uno,firm,yes\n"
    "F2,Bodega Dos,firm,yes\n"
    "F3,Bodega Tres,firm,yes\n"
    "X1,Importador EEUU,firm,no\n"
    "X2,Distribuidor Europa,firm,no\n"
)
STUDY = """\
[study]
key = "vc"
waves = ["2023", "2025"]
{extra_study}
[actors]
file = "actors.csv"

[[relations]]
name = "trade"

[[relations]]
name = "knowledge"

[[ties]]
file = "ties.csv"
{extra}
"""


def _study(tmp_path, ties: str, *, actors: str = ACTORS, extra: str = "", extra_study: str = ""):
    (tmp_path / "actors.csv").write_text(actors, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(ties, encoding="utf-8")
    path = tmp_path / "study.toml"
    path.write_text(STUDY.format(extra=extra, extra_study=extra_study), encoding="utf-8")
    return path


def _issues(network, code: str = "invalid_value"):
    return [i for i in network.report.issues if i.code == code]


# ---------------------------------------------------------------- tie evidence, column by column
def test_spanish_headers_and_values_become_the_model_columns(tmp_path):
    ties = (
        "proveedor,comprador,relacion,ola,mercado,quien_define,comprador_controla,"
        "participacion_comprador,mismo_grupo,intermediario,gobernanza\n"
        "F1,X1,trade,2025,EEUU,comprador,sí,0.6,no,no,cuasi-jerarquía\n"
        "F2,X2,trade,2025,Europa,norma,no,0.2,no,sí,mercado\n"
        "F3,F1,trade,2025,mercado interno,conjunto,,,,,red\n"
        "F3,X1,trade,2025,América Latina,proveedor,no,0.1,sí,no,jerarquía\n"
    )
    net = load(_study(tmp_path, ties))
    t = net.ties.set_index(["source", "target"])
    assert t.loc[("F1", "X1"), "market"] == "us"
    assert t.loc[("F2", "X2"), "market"] == "europe"
    assert t.loc[("F3", "F1"), "market"] == "domestic"
    assert t.loc[("F3", "X1"), "market"] == "latin_america"
    assert list(t["spec_setter"]) == ["buyer", "standard", "joint", "supplier"]
    assert list(t["governance"]) == ["quasi_hierarchy", "market", "network", "hierarchy"]
    assert str(net.ties["buyer_monitors"].dtype) == "boolean"
    assert bool(t.loc[("F1", "X1"), "buyer_monitors"])
    assert pd.isna(t.loc[("F3", "F1"), "buyer_monitors"])
    assert list(t["ownership_link"].astype(object).where(t["ownership_link"].notna(), None)) == [
        False,
        False,
        None,
        True,
    ]
    assert list(t["intermediary"].fillna(False)) == [False, True, False, False]
    assert t["buyer_share"].dtype == float
    assert t.loc[("F1", "X1"), "buyer_share"] == pytest.approx(0.6)
    assert math.isnan(t.loc[("F3", "F1"), "buyer_share"])
    assert net.report.errors == []


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("destino_mercado", "market"),
        ("mercado_destino", "market"),
        ("define_producto", "spec_setter"),
        ("especificaciones", "spec_setter"),
        ("monitoreo", "buyer_monitors"),
        ("auditoria", "buyer_monitors"),
        ("porcentaje_ventas", "buyer_share"),
        ("share", "buyer_share"),
        ("vinculo_propiedad", "ownership_link"),
        ("agente_exportador", "intermediary"),
    ],
)
def test_every_spanish_synonym_names_its_column(tmp_path, header, column):
    value = {
        "market": "europa",
        "spec_setter": "comprador",
        "buyer_share": "0.5",
    }.get(column, "si")
    ties = f"source,target,relation,wave,{header}\nF1,X1,trade,2025,{value}\n"
    net = load(_study(tmp_path, ties))
    expected = {"market": "europe", "spec_setter": "buyer", "buyer_share": 0.5}.get(column, True)
    assert net.ties.loc[0, column] == expected
    assert header not in net.ties.columns


@pytest.mark.parametrize(
    ("column", "value", "expected_en", "expected_es"),
    [
        ("market", "Marte", "one of domestic, us, europe", "uno de estos: domestic, us"),
        (
            "spec_setter",
            "el jefe",
            "one of buyer, supplier, joint, standard",
            "uno de estos: buyer",
        ),
        ("buyer_monitors", "quizás", "yes/no, true/false, 1/0", "sí/no, verdadero/falso, 1/0"),
        ("ownership_link", "tal vez", "yes/no", "sí/no"),
        ("intermediary", "2", "yes/no", "sí/no"),
        ("buyer_share", "mucho", "a share from 0 to 1", "una proporción de 0 a 1"),
        ("buyer_share", "-0.2", "a percentage from 0 to 100", "un porcentaje de 0 a 100"),
        ("governance", "feudal", "one of market, network", "uno de estos: market, network"),
    ],
)
def test_an_invalid_value_is_an_error_at_its_cell_and_the_row_stays(
    tmp_path, column, value, expected_en, expected_es
):
    ties = (
        f"source,target,relation,wave,{column}\n"
        "F1,X1,trade,2025,\n"  # row 2: empty, no error
        f"F2,X1,trade,2025,{value}\n"  # row 3: invalid
    )
    net = load(_study(tmp_path, ties), strict=False)
    [issue] = _issues(net)
    assert issue.level == "error"
    assert (issue.row, issue.column) == (3, column)
    assert issue.file.endswith("ties.csv")
    en, es = issue.describe("en"), issue.describe("es")
    assert f"row 3, column '{column}': '{value}' is not a valid {column}" in en
    assert expected_en in en
    assert f"fila 3, columna «{column}»: «{value}» no es un valor válido de {column}" in es
    assert expected_es in es
    # the row is loaded, its cell missing
    assert len(net.ties) == 2
    cell = net.ties.set_index("source").loc["F2", column]
    assert cell == "" if column in ("market", "spec_setter", "governance") else pd.isna(cell)


def test_the_error_keeps_the_header_as_written(tmp_path):
    ties = "source,target,relation,wave,Quién define\nF1,X1,trade,2025,nadie\n"
    net = load(_study(tmp_path, ties), strict=False)
    [issue] = _issues(net)
    assert issue.column == "Quién define"
    assert "«nadie» no es un valor válido de spec_setter" in issue.describe("es")


# ---------------------------------------------------------------- buyer_share as a percentage
def test_a_column_of_percentages_is_divided_by_100(tmp_path):
    ties = (
        "source,target,relation,wave,buyer_share\n"
        "F1,X1,trade,2025,60\n"
        'F2,X1,trade,2025,"25,5"\n'
        "F3,X1,trade,2025,1\n"
    )
    net = load(_study(tmp_path, ties))
    shares = net.ties.set_index("source")["buyer_share"]
    assert shares.to_dict() == pytest.approx({"F1": 0.60, "F2": 0.255, "F3": 0.01})
    [note] = _issues(net, "buyer_share_percent")
    assert note.level == "warning" and note.values["max"] == "60"
    assert "se leyó como porcentajes (su valor máximo es 60)" in note.describe("es")


def test_a_column_of_shares_is_kept_and_a_percent_sign_is_read(tmp_path):
    ties = (
        "source,target,relation,wave,buyer_share\n"
        "F1,X1,trade,2025,0.6\n"
        "F2,X1,trade,2025,1\n"
        "F3,X1,trade,2025,40%\n"
    )
    net = load(_study(tmp_path, ties))
    shares = net.ties.set_index("source")["buyer_share"]
    assert shares.to_dict() == pytest.approx({"F1": 0.6, "F2": 1.0, "F3": 0.4})
    assert _issues(net, "buyer_share_percent") == []


def test_a_share_above_100_is_invalid(tmp_path):
    ties = "source,target,relation,wave,buyer_share\nF1,X1,trade,2025,50\nF2,X1,trade,2025,150\n"
    net = load(_study(tmp_path, ties), strict=False)
    [issue] = _issues(net)
    assert (issue.row, issue.values["value"]) == (3, "150")
    shares = net.ties.set_index("source")["buyer_share"]
    assert shares["F1"] == pytest.approx(0.5) and math.isnan(shares["F2"])


# ---------------------------------------------------------------- markets a study declares
def test_declared_markets_extend_the_allowed_labels(tmp_path):
    ties = "source,target,relation,wave,market\nF1,X1,trade,2025,China\nF2,X2,trade,2025,eeuu\n"
    extra = '\n[governance]\nmarkets = ["china", "mercosur"]\n'
    net = load(_study(tmp_path, ties, extra=extra))
    assert list(net.ties["market"]) == ["china", "us"]
    assert net.study.governance["markets"] == ["china", "mercosur"]


def test_without_a_study_only_the_default_markets_are_allowed(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(
        "source,target,relation,wave,market\nF1,X1,trade,1,China\nF2,X2,trade,1,us\n",
        encoding="utf-8",
    )
    net = load(actors=tmp_path / "actors.csv", ties=tmp_path / "ties.csv", strict=False)
    [issue] = _issues(net)
    assert issue.values["value"] == "China" and issue.row == 2
    assert list(net.ties["market"]) == ["", "us"]
    assert net.study.governance["relation"] == "trade"
    assert net.study.governance["scheme"] == "humphrey_schmitz"


# ---------------------------------------------------------------- a network without evidence
def test_a_network_without_value_chain_columns_is_unchanged(tmp_path):
    ties = "source,target,relation,wave,weight\nF1,F2,knowledge,2025,2\nF2,F3,knowledge,2025,1\n"
    net = load(_study(tmp_path, ties))
    columns = ("market", "spec_setter", "buyer_monitors", "buyer_share", "ownership_link")
    assert not set(columns) & set(net.ties.columns)
    assert "intermediary" not in net.ties.columns
    assert net.upgrading.empty
    assert list(net.upgrading.columns) == [
        "id",
        "wave",
        "upgrading_process",
        "upgrading_product",
        "upgrading_functional",
        "upgrading_intersectoral",
        "functions",
    ]
    # the study declares trade: it is the value-chain relation by default
    assert net.study.governance == {
        "relation": "trade",
        "scheme": "humphrey_schmitz",
        "markets": [],
        "rules": [],
    }
    assert net.study.diagnosis == {"thresholds": {}}


def test_without_a_trade_relation_there_is_no_value_chain_relation(tmp_path):
    (tmp_path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "ties.csv").write_text(
        "source,target,relation\nF1,F2,knowledge\n", encoding="utf-8"
    )
    net = load(actors=tmp_path / "actors.csv", ties=tmp_path / "ties.csv")
    assert net.study.governance["relation"] == ""


# ---------------------------------------------------------------- upgrading in the actors table
def test_upgrading_columns_of_the_actors_table_move_to_the_upgrading_table(tmp_path):
    actors = (
        "id,name,mejora_proceso,mejora_producto,mejora_funcional,mejora_intersectorial,funciones\n"
        "F1,Uno,sí,no,2,,Diseño; marca propia; producción\n"
        "F2,Dos,no,no,no,no,producción\n"
        "F3,Tres,,,,,\n"  # nothing reported: no row
        "X1,Importador,talvez,,,,\n"  # invalid: error, cell missing, row kept
    )
    ties = "source,target,relation,wave\nF1,X1,trade,2025\n"
    net = load(_study(tmp_path, ties, actors=actors), strict=False)
    up = net.upgrading.set_index("id")
    assert list(up.index) == ["F1", "F2"]  # X1's one answer is invalid: no row
    assert set(up["wave"]) == {""}
    assert up.loc["F1", "upgrading_process"] == 1.0
    assert up.loc["F1", "upgrading_product"] == 0.0
    assert up.loc["F1", "upgrading_functional"] == 2.0
    assert math.isnan(up.loc["F1", "upgrading_intersectoral"])
    assert up.loc["F1", "functions"] == "design;own_brand;production"
    assert up.loc["F2", "functions"] == "production"
    assert not any(c.startswith("upgrading") or c == "functions" for c in net.actors.columns)
    [issue] = _issues(net)
    assert (issue.row, issue.column) == (5, "mejora_proceso")
    assert "«talvez» no es un valor válido de upgrading_process (sí/no, o un puntaje" in (
        issue.describe("es")
    )


# ---------------------------------------------------------------- the firm-by-wave upgrading table
UPGRADING = (
    "id,ola,upgrading_process,upgrading_product,upgrading_functional,funciones\n"
    "F1,2023,no,no,no,producción\n"  # row 2
    "F1,2025,sí,sí,no,producción;diseño\n"  # row 3
    "F9,2025,sí,no,no,\n"  # row 4: unknown actor
    "F2,2030,sí,no,no,\n"  # row 5: unknown wave
    "F1,2025,no,no,no,\n"  # row 6: second row of F1 in 2025
    ",2025,no,no,no,\n"  # row 7: empty id
    "F2,2025,mucho,1,,ventas\n"  # row 8: bad value, row kept
    "F3,,1,,,\n"  # row 9: no wave = any wave
)


def test_the_upgrading_table_accounts_for_every_row(tmp_path):
    path = _study(
        tmp_path,
        "source,target,relation,wave\nF1,X1,trade,2023\nF1,X1,trade,2025\n",
        actors=ACTORS.replace("id,name,kind,internal", "id,name,kind,internal,upgrading_process")
        .replace("Bodega Uno,firm,yes", "Bodega Uno,firm,yes,1")
        .replace("Bodega Tres,firm,yes", "Bodega Tres,firm,yes,0")
        .replace("Bodega Dos,firm,yes", "Bodega Dos,firm,yes,")
        .replace("Importador EEUU,firm,no", "Importador EEUU,firm,no,")
        .replace("Distribuidor Europa,firm,no", "Distribuidor Europa,firm,no,"),
        extra_study='\n[upgrading]\nfile = "upgrading.csv"\n',
    )
    # [upgrading] must come after the [study] keys: move it below the actors table
    text = path.read_text(encoding="utf-8")
    text = text.replace('\n[upgrading]\nfile = "upgrading.csv"\n', "")
    path.write_text(text + '\n[upgrading]\nfile = "upgrading.csv"\n', encoding="utf-8")
    (tmp_path / "upgrading.csv").write_text(UPGRADING, encoding="utf-8")
    net = load(path, strict=False)
    [counts] = [c for c in net.report.files if c.file.endswith("upgrading.csv")]
    assert (counts.rows, counts.records, counts.loaded, counts.rejected) == (8, 8, 4, 4)
    assert counts.balanced
    rejected = {i.row: i.code for i in net.report.errors if i.file.endswith("upgrading.csv")}
    assert rejected == {
        4: "upgrading_unknown_actor",
        5: "upgrading_unknown_wave",
        6: "upgrading_duplicate",
        7: "empty_id",
        8: "invalid_value",
    }
    by_row = {i.row: i for i in net.report.errors if i.file.endswith("upgrading.csv")}
    assert "unknown actor id 'F9': row rejected" in by_row[4].describe("en")
    assert "id de actor desconocido «F9»: fila rechazada" in by_row[4].describe("es")
    assert "ola desconocida «2030» (olas del estudio: 2023, 2025)" in by_row[5].describe("es")
    assert "la primera está en la fila 3" in by_row[6].describe("es")
    assert by_row[8].column == "upgrading_process"
    up = net.upgrading.set_index(["id", "wave"]).sort_index()
    # F1 from the actors table (wave "") and from the table; F3's table row (wave "")
    # replaces its actors-table row
    assert list(up.index) == [
        ("F1", ""),
        ("F1", "2023"),
        ("F1", "2025"),
        ("F2", "2025"),
        ("F3", ""),
    ]
    assert up.loc[("F1", "2025"), "upgrading_process"] == 1.0
    assert up.loc[("F1", "2025"), "functions"] == "production;design"
    assert up.loc[("F1", ""), "upgrading_process"] == 1.0
    assert up.loc[("F3", ""), "upgrading_process"] == 1.0  # the table's, not the actors' 0
    assert math.isnan(up.loc[("F2", "2025"), "upgrading_process"])
    assert up.loc[("F2", "2025"), "upgrading_product"] == 1.0
    assert up.loc[("F2", "2025"), "functions"] == "sales"
    assert math.isnan(up.loc[("F1", "2023"), "upgrading_intersectoral"])  # no such column


def test_an_upgrading_table_without_id_is_a_file_error(tmp_path):
    path = _study(tmp_path, "source,target,relation,wave\nF1,X1,trade,2025\n")
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[upgrading]\nfile = "up.csv"\n', encoding="utf-8"
    )
    (tmp_path / "up.csv").write_text("firma,upgrading_process\nF1,1\n", encoding="utf-8")
    net = load(path, strict=False)
    [issue] = [i for i in net.report.errors if i.code == "file"]
    assert "falta la columna obligatoria «id» en la tabla de upgrading" in issue.describe("es")
    assert net.upgrading.empty


# ---------------------------------------------------------------- the study file's blocks
BASE = '[actors]\nfile = "actors.csv"\n\n[[relations]]\nname = "trade"\n\n[[ties]]\nfile = "ties.csv"\n'


def _read(tmp_path, text: str):
    from tramas.ingest.study import read_study

    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    return read_study(path)


def test_a_valid_governance_block(tmp_path):
    spec = _read(
        tmp_path,
        BASE
        + """
[governance]
relation = "trade"
scheme = "gereffi"
markets = ["china"]

[[governance.rules]]
when = { ownership_link = true }
then = "hierarchy"

[[governance.rules]]
when = { spec_setter = ["supplier", "standard"], market = "domestic" }
then = "market"

[diagnosis.thresholds]
micro_small_share = 0.8
lead_firms = 3

[upgrading]
file = "up.csv"
""",
    )
    assert spec.info.governance == {
        "relation": "trade",
        "scheme": "gereffi",
        "markets": ["china"],
        "rules": [
            {"when": {"ownership_link": True}, "then": "hierarchy"},
            {
                "when": {"spec_setter": ["supplier", "standard"], "market": "domestic"},
                "then": "market",
            },
        ],
    }
    assert spec.info.diagnosis == {"thresholds": {"micro_small_share": 0.8, "lead_firms": 3}}
    assert spec.upgrading is not None and spec.upgrading.file == tmp_path / "up.csv"


def test_the_default_governance_of_a_study_with_trade(tmp_path):
    spec = _read(tmp_path, BASE)
    assert spec.info.governance["relation"] == "trade"
    assert spec.info.governance["rules"] == [] and spec.upgrading is None


def _error(tmp_path, text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        _read(tmp_path, BASE + text)
    return caught.value


def test_an_unknown_key_of_governance_suggests_the_right_one(tmp_path):
    err = _error(tmp_path, '\n[governance]\nschema = "gereffi"\n')
    assert err.code == "study_misspelt_key"
    assert err.row == 11 and err.column == "governance.schema"
    assert "did you mean `scheme`?" in str(err)
    assert "¿quiso decir `scheme`?" in error_text(err, "es")


def test_an_unknown_key_of_a_rule_lists_the_keys_of_a_rule(tmp_path):
    err = _error(
        tmp_path,
        '\n[[governance.rules]]\nwhen = { ownership_link = true }\nthen = "hierarchy"\n'
        'else = "market"\n',
    )
    assert err.code == "study_unknown_key" and err.values["allowed"] == "when, then"
    assert err.column == "governance.rules[1].else" and err.row == 13
    assert "[[governance.rules]]" in str(err)


def test_a_misspelt_markets_key(tmp_path):
    err = _error(tmp_path, '\n[governance]\nmarkts = ["china"]\n')
    assert err.code == "study_misspelt_key" and err.values["suggestion"] == "markets"


def test_a_scheme_outside_the_two(tmp_path):
    err = _error(tmp_path, '\n[governance]\nscheme = "porter"\n')
    assert err.code == "study_scheme" and err.row == 11
    assert 'scheme must be one of humphrey_schmitz, gereffi, not "porter"' in str(err)
    assert "scheme debe ser uno de estos valores: humphrey_schmitz, gereffi" in error_text(
        err, "es"
    )


def test_a_rule_on_a_column_that_is_no_evidence(tmp_path):
    err = _error(
        tmp_path, '\n[[governance.rules]]\nwhen = { size = "large" }\nthen = "hierarchy"\n'
    )
    assert err.code == "study_rule_column"
    assert err.column == "governance.rules[1].when.size" and err.row == 11
    assert "cannot test `size`" in str(err)
    assert "no puede evaluar `size`" in error_text(err, "es")


def test_a_rule_concluding_a_type_the_scheme_has_not(tmp_path):
    err = _error(
        tmp_path,
        '\n[governance]\nscheme = "humphrey_schmitz"\n'
        '[[governance.rules]]\nwhen = { spec_setter = "buyer" }\nthen = "captive"\n',
    )
    assert err.code == "study_rule_then" and err.row == 14
    assert 'scheme humphrey_schmitz, not "captive"' in str(err)
    assert "market, network, quasi_hierarchy, hierarchy, unknown" in err.hint


def test_a_value_chain_relation_that_is_not_declared(tmp_path):
    err = _error(tmp_path, '\n[governance]\nrelation = "ventas"\n')
    assert err.code == "relation_undeclared" and err.column == "governance.relation"


def test_a_threshold_must_be_a_number(tmp_path):
    err = _error(tmp_path, '\n[diagnosis.thresholds]\nmicro_small_share = "mucho"\n')
    assert err.code == "study_not_a_number"
    assert err.column == "diagnosis.thresholds.micro_small_share"


def test_rule_values_are_read_as_the_ties_hold_them(tmp_path):
    spec = _read(
        tmp_path,
        BASE
        + """
[governance]
scheme = "gereffi"
markets = ["China"]

[[governance.rules]]
when = { spec_setter = "comprador", buyer_monitors = true, buyer_share = { ">=" = 0.5 } }
then = "captive"

[[governance.rules]]
when = { market = ["EEUU", "china"], spec_setter = { in = ["norma"] } }
then = "modular"
""",
    )
    assert spec.info.governance["rules"] == [
        {
            "when": {"spec_setter": "buyer", "buyer_monitors": True, "buyer_share": {">=": 0.5}},
            "then": "captive",
        },
        {
            "when": {"market": ["us", "china"], "spec_setter": {"in": ["standard"]}},
            "then": "modular",
        },
    ]


@pytest.mark.parametrize(
    ("when", "code", "key", "words"),
    [
        ('{ ownership_link = "sí" }', "study_rule_value", "when.ownership_link", "true, false"),
        ('{ spec_setter = "el jefe" }', "study_rule_value", "when.spec_setter", "buyer, supplier"),
        ('{ market = ["us", "Marte"] }', "study_rule_value", "when.market", "domestic, us"),
        (
            '{ buyer_share = { ">=" = "mitad" } }',
            "study_rule_value",
            'when.buyer_share.">="',
            "0 .. 1",
        ),
        ('{ buyer_share = { "=>" = 0.5 } }', "study_rule_op", 'when.buyer_share."=>"', ">="),
        ('{ buyer_share = { ">=" = 50 } }', "study_rule_value", 'when.buyer_share.">="', "share"),
    ],
)
def test_a_rule_value_the_evidence_cannot_hold(tmp_path, when, code, key, words):
    err = _error(tmp_path, f'\n[[governance.rules]]\nwhen = {when}\nthen = "market"\n')
    assert err.code == code and err.row == 11
    assert err.column == f"governance.rules[1].{key}"
    assert words in err.hint
    assert "regla de gobernanza" in error_text(err, "es")
