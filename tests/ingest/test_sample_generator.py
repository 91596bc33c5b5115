"""The bundled sample survey: deterministic, in the documented format, with its planted structure.

Structure checks run on the bundled files loaded by the real ingest, with igraph directly
(Leiden with modularity, degrees), cross-checked against networkx and a hand-written ARI.
"""

from __future__ import annotations

import json
import random
import re
import tomllib
import unicodedata
from collections import Counter
from itertools import combinations
from math import comb

import igraph as ig
import pandas as pd
import pytest
from rapidfuzz import fuzz, process
from typer.testing import CliRunner

from tramas.cli import app
from tramas.graph.model import KINDS, OWNERSHIPS, SIZES
from tramas.ingest import NameMatcher, load
from tramas.sample import SampleData, generate_sample, sample_dir, write_sample
from tramas.sample.generator import FILES, main, roster_tables

DATA = sample_dir()


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample(7)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((DATA / "ground_truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actors_csv() -> pd.DataFrame:
    return pd.read_csv(DATA / "actors.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ties_csv() -> pd.DataFrame:
    return pd.read_csv(DATA / "ties.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def network():
    return load(DATA / "study.toml")


def _pairs(ties: pd.DataFrame) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for p in zip(ties["source"], ties["target"], strict=True)}


def _ari(a: list, b: list) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985), written out."""
    n = len(a)
    pairs_ab = sum(comb(c, 2) for c in Counter(zip(a, b, strict=True)).values())
    pairs_a = sum(comb(c, 2) for c in Counter(a).values())
    pairs_b = sum(comb(c, 2) for c in Counter(b).values())
    expected = pairs_a * pairs_b / comb(n, 2)
    return (pairs_ab - expected) / ((pairs_a + pairs_b) / 2 - expected)


def _norm(name: str) -> str:
    """Independent normalisation as docs/data-format.md describes it."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace(".", "")
    legal = {"sa", "srl", "sac", "ltda", "cia", "inc", "llc", "gmbh", "spa", "ltd", "co"}
    return " ".join(t for t in re.sub(r"[^\w\s]", " ", s).split() if t not in legal)


def _strings(actors: pd.DataFrame) -> tuple[list[str], list[str]]:
    owners, strings = [], []
    for row in actors.itertuples():
        for text in [row.name, row.id, *[a for a in row.aliases.split(";") if a]]:
            owners.append(row.id)
            strings.append(_norm(text))
    return owners, strings


def _degrees(view) -> pd.DataFrame:
    """Knowledge out/in-degree among internal actors and ties with external actors."""
    g, internal = view.graph, view.actors["internal"].astype(bool).to_numpy()
    rows = []
    for v in g.vs:
        out = [u for u in g.successors(v) if internal[u]]
        inn = [u for u in g.predecessors(v) if internal[u]]
        ext_in = [u for u in g.predecessors(v) if not internal[u]]
        rows.append((len(out), len(inn), len(ext_in)))
    return pd.DataFrame(rows, columns=["out", "in", "ext_in"], index=view.ids)


# ------------------------------------------------------------------ determinism
def test_same_seed_gives_identical_tables(sample):
    again = generate_sample(7)
    pd.testing.assert_frame_equal(sample.actors, again.actors)
    pd.testing.assert_frame_equal(sample.ties, again.ties)
    pd.testing.assert_frame_equal(sample.recall, again.recall)
    assert sample.ground_truth == again.ground_truth


def test_other_seed_gives_other_tables(sample):
    other = generate_sample(8)
    assert other.ground_truth["seed"] == 8
    assert not sample.ties.equals(other.ties)
    assert (sample.actors["name"] != other.actors["name"]).mean() > 0.5
    assert sample.ground_truth["communities"] != other.ground_truth["communities"]


@pytest.mark.slow
def test_bundled_copy_is_the_generator_output(tmp_path, capsys):
    main(["--out", str(tmp_path), "--seed", "7"])  # python -m tramas.sample
    printed = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[-1] for p in printed] == list(FILES)
    for name in FILES:
        new, old = tmp_path / name, DATA / name
        if new.suffix == ".xlsx":
            for sheet in ("knowledge", "cooperation", "trade"):
                pd.testing.assert_frame_equal(
                    pd.read_excel(new, sheet_name=sheet), pd.read_excel(old, sheet_name=sheet)
                )
        else:
            assert new.read_bytes() == old.read_bytes(), name


def test_write_sample_without_seed_copies_the_bundled_files(tmp_path):
    paths = write_sample(tmp_path / "demo")
    assert [p.name for p in paths] == list(FILES)
    assert all(p.read_bytes() == (DATA / p.name).read_bytes() for p in paths)


# ------------------------------------------------------------------ file format
def test_actors_table_follows_the_data_format(actors_csv):
    assert list(actors_csv.columns[:15]) == [
        "id", "name", "aliases", "kind", "internal", "employees", "size", "ownership",
        "sector", "stage", "region", "municipality", "lat", "lon", "respondent",
    ]  # fmt: skip
    assert {"founded", "certification"} <= set(actors_csv.columns)
    a = actors_csv
    assert 110 <= len(a) <= 130 and a["id"].is_unique
    assert a["id"].str.fullmatch(r"[FIX]\d{3}").all()
    assert set(a["kind"]) <= set(KINDS) and set(a["size"]) <= {*SIZES, ""}
    assert set(a["ownership"]) <= {*OWNERSHIPS, ""}
    assert set(a["internal"]) == set(a["respondent"]) == {"true", "false"}
    emp = pd.to_numeric(a["employees"])
    bounds = {"micro": (0, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 10**6)}
    for size, (lo, hi) in bounds.items():
        assert emp[a["size"] == size].between(lo, hi).all(), size
    firms = a[(a["kind"] == "firm") & (a["internal"] == "true")]
    assert ((firms["size"] == "") & emp[firms.index].notna()).sum() >= 10  # derived by ingest
    assert 0.8 <= (firms["respondent"] == "true").mean() <= 0.9
    inst = a[(a["kind"] != "firm") & (a["internal"] == "true")]
    assert {"research", "government", "finance", "association"} <= set(inst["kind"])
    assert (inst["respondent"] == "true").mean() >= 0.7
    ext = a[a["internal"] == "false"]
    assert (ext["respondent"] == "false").all() and (ext["lat"] == "").all()
    assert {"government", "research", "firm"} <= set(ext["kind"])
    assert {"foreign", "national"} <= set(ext["ownership"])
    lat, lon = pd.to_numeric(a.loc[a["internal"] == "true", "lat"]), pd.to_numeric(a["lon"])
    assert lat.between(-34.2, -32.5).all() and lon.dropna().between(-69.6, -68.5).all()
    assert a["aliases"].str.contains(";").any()


def test_edge_list_holds_reports_of_respondents(ties_csv, actors_csv, truth):
    t, a = ties_csv, actors_csv.set_index("id")
    assert list(t.columns) == [
        "source", "target", "relation", "wave", "weight", "orientation", "governance",
        "formality", "data_source", "evidence", "market", "spec_setter", "buyer_monitors",
        "buyer_share", "ownership_link", "intermediary",
    ]  # fmt: skip
    assert 600 <= len(t) <= 1200
    assert (a.loc[t["source"], "respondent"] == "true").all()
    assert t["target"].isin(a.index).all() and (t["source"] != t["target"]).all()
    assert set(t["relation"]) == {"knowledge", "cooperation", "trade"}
    assert set(t["wave"]) == {"2023", "2025"} and set(t["weight"]) == {"1", "2", "3"}
    assert not t.duplicated(["source", "target", "relation", "wave"]).any()
    coop = t["relation"] == "cooperation"
    assert set(t.loc[coop, "orientation"]) == {"horizontal", "vertical", ""}
    assert (t.loc[~coop, "orientation"] == "").all()
    firm_pair = (a.loc[t["source"], "kind"].to_numpy() == "firm") & (
        a.loc[t["target"], "kind"].to_numpy() == "firm"
    )
    assert (t.loc[coop & firm_pair, "orientation"] != "").all()
    trade = t["relation"] == "trade"
    assert set(t.loc[trade, "governance"]) == {"", "market", "network", "quasi_hierarchy",
                                               "hierarchy"}  # fmt: skip
    assert (t.loc[~trade, "governance"] == "").all()
    to_ext = trade & (a.loc[t["target"], "internal"].to_numpy() == "false")
    assert (t.loc[to_ext, "governance"] != "").mean() > 0.5
    interview = t["data_source"] == "interview"
    assert set(t["data_source"]) == {"survey", "interview"} and interview.sum() >= 5
    assert (t.loc[interview, "evidence"] != "").all() and (
        t.loc[~interview, "evidence"] == ""
    ).all()
    new = list(truth["new_actors"])
    old_wave = t[t["wave"] == "2023"]
    assert not (old_wave["source"].isin(new) | old_wave["target"].isin(new)).any()


def test_study_files_declare_the_study_and_every_tie_file():
    specs = {
        f: tomllib.loads((DATA / f).read_text(encoding="utf-8")) for f in FILES if ".toml" in f
    }
    for spec in specs.values():
        assert spec["study"]["key"] == "wine-sample" and spec["study"]["lang"] == "es"
        assert spec["study"]["waves"] == ["2023", "2025"]
        rel = {r["name"]: r for r in spec["relations"]}
        assert rel["knowledge"]["direction"] == "alter_to_ego" and rel["knowledge"]["directed"]
        assert (
            rel["knowledge"]["question"] == "¿De qué organizaciones recibió asesoramiento técnico?"
        )
        assert (
            rel["cooperation"]["directed"] is False and rel["cooperation"]["symmetrize"] == "union"
        )
        assert (
            rel["trade"]["direction"] == "ego_to_alter"
            and rel["trade"]["question"] == "¿A quién vende?"
        )
        assert all((DATA / entry["file"]).exists() for entry in spec["ties"])
    assert [e["shape"] for e in specs["study.toml"]["ties"]] == ["edgelist"]
    rosters = specs["study-roster.toml"]["ties"]
    assert {(e["wave"], e["sheet"]) for e in rosters} == {
        (w, r) for w in ("2023", "2025") for r in ("knowledge", "cooperation", "trade")
    }
    assert specs["study-recall.toml"]["ties"][0]["format"] == "wide"


def test_rosters_hold_the_edge_list(ties_csv, actors_csv):
    respondents = set(actors_csv.loc[actors_csv["respondent"] == "true", "id"])
    for wave in ("2023", "2025"):
        for rel in ("knowledge", "cooperation", "trade"):
            sheet = pd.read_excel(DATA / f"roster_{wave}.xlsx", sheet_name=rel, dtype={"id": str})
            assert sheet.columns[0] == "id" and set(sheet["id"]) <= respondents
            cells = sheet.set_index("id").stack().dropna()
            from_roster = {(s, t, int(w)) for (s, t), w in cells.items()}
            part = ties_csv[(ties_csv["wave"] == wave) & (ties_csv["relation"] == rel)]
            expected = set(
                zip(part["source"], part["target"], part["weight"].astype(int), strict=True)
            )
            assert from_roster == expected, (wave, rel)


def test_roster_tables_match_the_bundled_sheets(sample):
    sheet = pd.read_excel(DATA / "roster_2025.xlsx", sheet_name="trade", index_col=0)
    table = roster_tables(sample, "2025")["trade"]
    assert list(sheet.columns) == list(table.columns) and list(sheet.index) == list(table.index)
    assert (sheet.fillna(0).to_numpy() == table.fillna(0).to_numpy()).all()


# ------------------------------------------------------------------ free recall
def test_recall_names_resolve_to_the_edge_list(ties_csv, actors_csv, truth):
    recall = pd.read_csv(DATA / "recall.csv", dtype=str, keep_default_na=False)
    k = max(int(c[4:]) for c in recall.columns if c.startswith("name"))
    assert list(recall.columns[:3]) == ["respondent", "relation", "wave"] and k >= 5
    owners, strings = _strings(actors_csv)
    declared = {(u["name"], u["respondent"], u["relation"], u["wave"])
                for u in truth["unresolved_recall_names"]}  # fmt: skip
    written = sorted({n for c in recall.columns if c.startswith("name") for n in recall[c] if n})
    matrix = process.cdist([_norm(n) for n in written], strings, scorer=fuzz.token_set_ratio)
    scores = pd.DataFrame(matrix, index=written).T.groupby(owners).max().T  # name x actor
    seen_unresolved, messy = set(), 0
    grouped = ties_csv.groupby(["source", "relation", "wave"])
    for row in recall.itertuples(index=False):
        names = [getattr(row, f"name{j}") for j in range(1, k + 1) if getattr(row, f"name{j}")]
        targets = list(grouped.get_group((row.respondent, row.relation, row.wave))["target"])
        resolved = []
        for name in names:
            if (name, row.respondent, row.relation, row.wave) in declared:
                seen_unresolved.add((name, row.respondent, row.relation, row.wave))
                continue
            best = scores.loc[name].sort_values(ascending=False)
            assert best.iloc[0] >= 90 and best.iloc[1] < best.iloc[0] - 3, name
            resolved.append(best.index[0])
            messy += _norm(name) not in strings
        assert resolved == targets, (row.respondent, row.relation, row.wave)
    assert seen_unresolved == declared and len(declared) >= 3
    assert messy >= 20  # typos: the normalised name is no actor's name


def test_recall_names_cover_the_documented_distortions():
    recall = pd.read_csv(DATA / "recall.csv", dtype=str, keep_default_na=False)
    names = [n for c in recall.columns if c.startswith("name") for n in recall[c] if n]
    assert any(n.isupper() for n in names) and any(n == n.lower() for n in names)
    assert any("  " in n or n.endswith(" ") for n in names)
    assert any(n.endswith(("S.A.C.", "Cía.", "Ltda.", "SRL", "SA")) for n in names)
    assert any("Vitivinicola" in n or "Enologico" in n or "Tecnologico" in n for n in names)


def test_the_lead_matcher_resolves_recall_names(ties_csv, actors_csv, truth):
    matcher = NameMatcher(actors_csv.set_index("id"))
    recall = pd.read_csv(DATA / "recall.csv", dtype=str, keep_default_na=False)
    names = recall.melt(
        ["respondent", "relation", "wave"], [c for c in recall if c.startswith("name")]
    )
    names = names[names["value"] != ""]
    unresolved = {u["name"] for u in truth["unresolved_recall_names"]}
    outcome = {n: matcher.resolve(n) for n in set(names["value"])}
    assert {n for n, m in outcome.items() if m.status != "resolved"} == unresolved
    targets = set(ties_csv["target"])
    assert all(m.actor_id in targets for m in outcome.values() if m.status == "resolved")


def test_no_name_is_a_token_subset_of_another_actors(actors_csv):
    tokens = [(row.id, set(_norm(s).split()))
              for row in actors_csv.itertuples()
              for s in [row.name, *[a for a in row.aliases.split(";") if a]]]  # fmt: skip
    for (a, ta), (b, tb) in combinations(tokens, 2):
        assert a == b or not (ta <= tb or tb <= ta), (a, b)


def test_unresolved_names_match_no_actor(actors_csv, truth):
    _, strings = _strings(actors_csv)
    for u in truth["unresolved_recall_names"]:
        assert max(process.cdist([_norm(u["name"])], strings, scorer=fuzz.token_set_ratio)[0]) < 90


# ------------------------------------------------------------------ three shapes, validation
def test_three_shapes_give_the_same_network(network, truth):
    def canonical(net):
        t = net.ties[["source", "target", "relation", "wave", "weight"]].astype(str)
        return t.sort_values(list(t.columns)).reset_index(drop=True)

    roster, recall = load(DATA / "study-roster.toml"), load(DATA / "study-recall.toml")
    assert not network.report.errors and not roster.report.errors and not recall.report.errors
    pd.testing.assert_frame_equal(canonical(network), canonical(roster))
    pd.testing.assert_frame_equal(canonical(network), canonical(recall))
    unresolved = [i for i in recall.report.issues if i.code == "unresolved_name"]
    assert len(unresolved) == len(truth["unresolved_recall_names"])
    # knowledge is reported by the receiver: ingest points it provider -> receiver
    reported = pd.read_csv(DATA / "ties.csv", dtype=str)
    first = reported[reported["relation"] == "knowledge"].iloc[0]
    k = network.ties[network.ties["relation"] == "knowledge"]
    assert ((k["source"] == first["target"]) & (k["target"] == first["source"])).any()


def test_validate_passes_with_warnings_only(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "validate",
            "--study",
            str(DATA / "study-recall.toml"),
            "--review",
            str(tmp_path / "r.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    review = pd.read_csv(tmp_path / "r.csv", dtype=str)
    assert "Consultora Pérez" in set(review.stack())


# ------------------------------------------------------------------ planted structure
@pytest.mark.parametrize("internal_only", [True, False])
@pytest.mark.parametrize("weight", ["weight", None])
def test_leiden_recovers_the_sub_clusters(network, truth, internal_only, weight):
    view = network.view(wave=None, internal_only=internal_only, directed=False, weight=weight)
    members = [a for a in view.ids if a in truth["communities"]]
    assert len(members) == len(truth["communities"])
    planted = [truth["communities"][a] for a in members]
    for seed in range(5):
        random.seed(seed)
        found = view.graph.community_leiden(
            objective_function="modularity", resolution=1, weights=view.weights, n_iterations=-1
        )
        where = dict(zip(view.ids, found.membership, strict=True))
        got = [where[a] for a in members]
        ari = _ari(planted, got)
        assert ari == pytest.approx(ig.compare_communities(planted, got, method="adjusted_rand"))
        assert ari >= 0.85, (seed, ari)


def test_lead_firms_give_most_advice_and_lead_trade(network, truth, actors_csv):
    view = network.view("knowledge", internal_only=True, weight=None)
    deg = _degrees(view)
    firms = deg.loc[view.actors["kind"] == "firm"]
    top = firms["out"].sort_values(ascending=False)
    leads = truth["lead_firms"]
    assert 3 <= len(leads) <= 5 and set(top.index[: len(leads)]) == set(leads)
    assert top[leads].min() > top.drop(leads).max()
    nx_out = dict(view.to_networkx().out_degree())
    assert all(nx_out[a] == deg.at[a, "out"] for a in leads)  # internal-only view: same count
    a = actors_csv.set_index("id")
    assert (
        a.loc[leads, "size"].isin(["large", ""]) & (pd.to_numeric(a.loc[leads, "employees"]) >= 250)
    ).all()
    assert (a.loc[leads, "ownership"] == "foreign").sum() >= 2
    trade = network.view("trade", weight=None)
    buyers_in = pd.Series(trade.graph.indegree(), index=trade.ids)
    assert set(leads) <= set(buyers_in[firms.index].sort_values(ascending=False).index[:6])
    latest = network.ties[network.ties["wave"] == "2025"]
    vertical = latest[(latest["relation"] == "cooperation") & (latest["orientation"] == "vertical")]
    external = set(a.index[a["internal"] == "false"])
    sales = latest[(latest["relation"] == "trade") & latest["target"].isin(external)]
    for lead in leads:
        assert (
            len(_pairs(vertical[(vertical["source"] == lead) | (vertical["target"] == lead)])) >= 3
        )
        assert sales.loc[sales["source"] == lead, "target"].nunique() >= 2


def test_gatekeepers_bridge_external_and_internal_knowledge(network, truth):
    deg = _degrees(network.view("knowledge", weight=None))
    ordinary = deg.loc[[a for a in truth["communities"] if a not in _roles(truth)]]
    for gk in truth["gatekeepers"]:
        assert deg.at[gk, "out"] >= 4 and deg.at[gk, "in"] >= 3 and deg.at[gk, "ext_in"] >= 3, gk
        assert deg.at[gk, "out"] > ordinary["out"].quantile(0.9)
    assert 3 <= len(truth["gatekeepers"]) <= 4
    assert len(set(truth["gatekeepers"]) - set(truth["lead_firms"])) >= 2
    assert ordinary["ext_in"].mean() < 0.5


def test_knowledge_roles_of_giuliani_and_bell(network, truth):
    deg = _degrees(network.view("knowledge", weight=None))
    assert len(truth["external_stars"]) == 2
    for star in truth["external_stars"]:
        assert deg.at[star, "ext_in"] >= 3 and deg.at[star, "out"] + deg.at[star, "in"] <= 2
    for src in truth["sources"]:
        assert deg.at[src, "out"] >= 3 and deg.at[src, "out"] > deg.at[src, "in"]
    for ab in truth["absorbers"]:
        assert deg.at[ab, "in"] >= 5 and deg.at[ab, "in"] > deg.at[ab, "out"]
    for mx in truth["mutual_exchangers"]:
        assert deg.at[mx, "out"] >= 2 and deg.at[mx, "in"] >= 2


def test_isolated_micro_firms_are_known_isolates(network, truth, actors_csv):
    iso = truth["isolated_firms"]
    a = actors_csv.set_index("id")
    assert 6 <= len(iso) <= 10
    assert (pd.to_numeric(a.loc[iso, "employees"]) < 10).all() and (
        a.loc[iso, "respondent"] == "true"
    ).all()
    knowledge = network.ties[network.ties["relation"] == "knowledge"]
    assert not (knowledge["source"].isin(iso) | knowledge["target"].isin(iso)).any()
    for wave in ("2023", "2025"):
        view = network.view(wave=wave, directed=False, weight=None)
        assert max(view.graph.degree([view.vertex(f) for f in iso])) <= 1, wave
    everything = network.ties
    silent = [f for f in iso if not (everything["source"].eq(f) | everything["target"].eq(f)).any()]
    assert len(silent) >= 4


def test_second_wave_shows_the_cluster_initiative(network, truth):
    coop = network.ties[network.ties["relation"] == "cooperation"]
    before, after = (coop[coop["wave"] == w] for w in ("2023", "2025"))
    assert len(_pairs(after)) > len(_pairs(before)) and _pairs(before) - _pairs(after)
    horizontal = [len(_pairs(w[w["orientation"] == "horizontal"])) for w in (before, after)]
    assert horizontal[1] >= 1.2 * horizontal[0]
    comm = truth["communities"]
    bridge = tuple(sorted(truth["new_bridge"]["actors"]))

    def between(ties):
        return {p for p in _pairs(ties) if {comm.get(p[0]), comm.get(p[1])} == {1, 2}}

    assert between(before) == set() and between(after) == {bridge}
    for actor in truth["new_actors"]:
        assert actor in comm
        assert (
            len(
                _pairs(
                    network.ties[
                        (network.ties["source"] == actor) | (network.ties["target"] == actor)
                    ]
                )
            )
            >= 3
        )


def _roles(truth: dict) -> set[str]:
    keys = ("lead_firms", "gatekeepers", "external_stars", "sources", "absorbers",
            "mutual_exchangers", "isolated_firms", "new_actors")  # fmt: skip
    return {a for k in keys for a in truth[k]}


def test_ground_truth_describes_the_planted_structure(truth, actors_csv):
    assert truth["seed"] == 7 and len(set(truth["communities"].values())) == 4
    firms = actors_csv[(actors_csv["kind"] == "firm") & (actors_csv["internal"] == "true")]
    assert set(truth["communities"]) == set(firms["id"]) - set(truth["isolated_firms"])
    assert set(truth["community_labels"]) == {"0", "1", "2", "3"}
    sizes = Counter(truth["communities"].values())
    assert min(sizes.values()) >= 15
    assert "notes" in truth and "unresolved_recall_names" in truth
