"""Sub-cluster names (#16): place and what the members do, worked out by hand.

The rule is :func:`tramas.metrics.communities.subcluster_names`: the modal municipality
(≥ 50 % of the members with one), else the region, else "several municipalities"; then
the stage (else sector) with the highest share × lift among those held by ≥ 1/3 of the
members, or the kind when more than half are not firms; unique names; "Sub-cluster n"
without attributes; no place in anonymised outputs.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tramas.metrics.communities import actor_subcluster_names, subcluster_names


def _frame(rows: dict[str, list]) -> pd.DataFrame:
    n = len(next(iter(rows.values())))
    return pd.DataFrame(rows, index=[f"a{i}" for i in range(n)])


def _sub(numbers: list) -> pd.Series:
    return pd.Series(numbers, index=[f"a{i}" for i in range(len(numbers))], dtype="Int64")


def test_place_is_the_modal_municipality_when_it_holds_half_else_region_else_several():
    actors = _frame(
        {
            # sub 1: Tunuyán holds 2 of 4 (50 %: enough); sub 2: 1 of 3 each, region
            # Valle de Uco 2 of 3; sub 3: 1 of 2 each... region split too (1 of 2 is
            # half: the alphabetically first at a tie); sub 4: 1 of 3 everywhere
            "municipality": [
                *("Tunuyán", "Tunuyán", "Maipú", "Luján"),
                *("San Carlos", "Tupungato", "Maipú"),
                *("A", "B", "C"),
            ],
            "region": [
                *("Valle de Uco",) * 4,
                *("Valle de Uco", "Valle de Uco", "Gran Mendoza"),
                *("R1", "R2", "R3"),
            ],
        }
    )
    sub = _sub([1, 1, 1, 1, 2, 2, 2, 3, 3, 3])
    names = subcluster_names(actors, sub, lang="en")
    assert names.to_dict() == {1: "Tunuyán", 2: "Valle de Uco", 3: "several municipalities"}
    assert subcluster_names(actors, sub, lang="es")[3] == "varios municipios"
    # the result: names by sub-cluster number
    assert names.index.tolist() == [1, 2, 3] and names.name == "subcluster_name"


def test_characteristic_stage_is_the_highest_share_times_lift():
    # whole cluster (10 actors): elaboración 6, viñedo 2, insumos 2
    stage = ["elaboración"] * 6 + ["viñedo"] * 2 + ["insumos"] * 2
    actors = _frame({"stage": stage})
    # sub 1 = a4 a5 a6 a7: elaboración 2/4, viñedo 2/4
    #   elaboración: 0.5 × (0.5 / 0.6) = 0.417; viñedo: 0.5 × (0.5 / 0.2) = 1.25 → viñedo
    # sub 2 = a0 a1 a2 a8 a9: elaboración 3/5, insumos 2/5
    #   elaboración: 0.6 × 1 = 0.6; insumos: 0.4 × 2 = 0.8 → insumos
    sub = _sub([2, 2, 2, pd.NA, 1, 1, 1, 1, 2, 2])
    assert subcluster_names(actors, sub, lang="en").to_dict() == {1: "viñedo", 2: "insumos"}


def test_a_rare_value_held_by_less_than_a_third_is_never_chosen():
    # sub 1: vivero is 1 of 4 (25 %, lift 4 x) — below a third; elaboración wins
    actors = _frame({"stage": ["vivero", "elaboración", "elaboración", "elaboración", "viñedo"]})
    assert subcluster_names(actors, _sub([1, 1, 1, 1, 2]), lang="en")[1] == "elaboración"


def test_stage_is_preferred_to_sector_and_sector_used_when_members_have_no_stage():
    actors = _frame(
        {
            "stage": ["viñedo", "viñedo", None, None],
            "sector": ["uva", "uva", "vino", "vino"],
        }
    )
    names = subcluster_names(actors, _sub([1, 1, 2, 2]), lang="en")
    assert names.to_dict() == {1: "viñedo", 2: "vino"}
    only_sector = actors.drop(columns="stage")
    assert subcluster_names(only_sector, _sub([1, 1, 2, 2]), lang="en").to_dict() == {
        1: "uva",
        2: "vino",
    }


def test_institutions_when_more_than_half_are_not_firms():
    actors = _frame(
        {
            "kind": [
                *("government", "research", "association", "firm"),  # 3 of 4, mixed
                *("research", "research", "firm"),  # 2 of 3, one kind > 50 %
                *("research", "firm"),  # exactly half: not "institutions"
                *(None, None, "finance"),  # missing kind counts as firm
            ],
            "municipality": ["Mendoza"] * 12,
            "sector": ["apoyo"] * 7 + ["vino"] * 2 + ["uva"] * 3,
        }
    )
    sub = _sub([1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4])
    en = subcluster_names(actors, sub, lang="en").to_dict()
    # one municipality for the whole cluster: it tells no sub-cluster apart, left out
    assert en[1] == "institutions"
    assert en[2] == "research centres"
    assert en[3] == "vino"
    assert en[4] == "uva"
    es = subcluster_names(actors, sub, lang="es").to_dict()
    assert es[1] == "instituciones"
    assert es[2] == "centros de investigación"


def test_equal_names_get_the_next_characteristic_value_then_their_number():
    actors = _frame(
        {
            "municipality": ["Tunuyán"] * 8 + ["Maipú"],
            # sub-clusters 1 and 2 are both vineyards of Tunuyán; their sector differs
            "stage": ["viñedo"] * 6 + ["insumos"] * 3,
            "sector": ["uva"] * 3 + ["vino"] * 3 + ["insumos"] * 3,
        }
    )
    sub = _sub([1, 1, 1, 2, 2, 2, 3, 3, 3])
    assert subcluster_names(actors, sub, lang="en").to_dict() == {
        1: "Tunuyán – viñedo, uva",
        2: "Tunuyán – viñedo, vino",
        3: "Tunuyán – insumos",
    }
    # nothing else tells them apart: numbered
    same = _frame({"municipality": ["Tunuyán"] * 4 + ["Maipú"], "stage": ["viñedo"] * 5})
    assert subcluster_names(same, _sub([1, 1, 2, 2, None]), lang="es").to_dict() == {
        1: "Tunuyán – viñedo (1)",
        2: "Tunuyán – viñedo (2)",
    }


def test_a_place_shared_by_the_whole_cluster_or_alone_in_a_name_does_not_name():
    actors = _frame(
        {
            # no municipality holds half of any sub-cluster; the region is everyone's
            "municipality": ["Tunuyán", "Tupungato", "San Carlos"] * 4,
            "region": ["Valle de Uco"] * 12,
        }
    )
    sub = _sub([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2])
    # only "several municipalities" would remain: the number tells them apart as well
    assert subcluster_names(actors, sub, lang="en").to_dict() == {
        1: "Sub-cluster 1",
        2: "Sub-cluster 2",
    }
    with_stage = actors.assign(stage=["viñedo"] * 6 + ["elaboración"] * 6)
    assert subcluster_names(with_stage, sub, lang="es").to_dict() == {
        1: "varios municipios – viñedo",
        2: "varios municipios – elaboración",
    }


def test_without_attributes_the_name_is_the_number():
    actors = pd.DataFrame({"name": list("abcd")}, index=["a0", "a1", "a2", "a3"])
    sub = _sub([1, 1, 2, 2])
    assert subcluster_names(actors, sub, lang="en").tolist() == ["Sub-cluster 1", "Sub-cluster 2"]
    assert subcluster_names(actors, sub, lang="es").tolist() == ["Subcluster 1", "Subcluster 2"]


def test_anonymised_names_hold_no_place_and_are_numbered_if_needed():
    actors = _frame(
        {
            "municipality": ["Tunuyán", "Tunuyán", "Maipú", "Maipú", "Luján", "Luján"],
            "region": ["Valle de Uco"] * 6,
            "stage": ["viñedo", "viñedo", "viñedo", "viñedo", "insumos", "insumos"],
        }
    )
    sub = _sub([1, 1, 2, 2, 3, 3])
    named = subcluster_names(actors, sub, lang="en")
    assert named.to_dict() == {1: "Tunuyán – viñedo", 2: "Maipú – viñedo", 3: "Luján – insumos"}
    anon = subcluster_names(actors, sub, lang="en", anonymize=True)
    assert anon.to_dict() == {1: "viñedo (1)", 2: "viñedo (2)", 3: "insumos"}
    for name in anon:
        assert not any(place in name for place in ("Tunuyán", "Maipú", "Luján", "Valle"))


def test_every_actor_gets_its_subcluster_name_or_no_subcluster():
    sub = _sub([1, pd.NA, 2])
    names = {1: "Tunuyán – viñedo", 2: "Maipú – insumos"}
    assert actor_subcluster_names(sub, names, lang="en").tolist() == [
        "Tunuyán – viñedo",
        "no sub-cluster",
        "Maipú – insumos",
    ]
    assert actor_subcluster_names(sub, names, lang="es")["a1"] == "sin subcluster"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_analysis_names_its_subclusters_in_the_actors_and_communities_tables(lang):
    from tramas.graph import Network
    from tramas.metrics import analyze

    actors = pd.DataFrame(
        {
            "name": list("ABCDEFG"),
            "municipality": ["Tunuyán"] * 3 + ["Maipú"] * 3 + ["Luján"],
            "stage": ["viñedo"] * 3 + ["insumos"] * 3 + ["viñedo"],
        },
        index=list("abcdefg"),
    )
    ties = pd.DataFrame(
        [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
        columns=["source", "target"],
    ).assign(relation="cooperation")
    result = analyze(Network(actors, ties), lang=lang, consensus_runs=3)
    a = result.actors
    assert a.columns.get_loc("subcluster_name") == a.columns.get_loc("subcluster") + 1
    none = "no sub-cluster" if lang == "en" else "sin subcluster"
    assert a["subcluster_name"].to_dict() == {
        **dict.fromkeys("abc", "Tunuyán – viñedo"),
        **dict.fromkeys("def", "Maipú – insumos"),
        "g": none,
    }
    c = result.communities
    assert list(c.columns[:3]) == ["community", "subcluster", "name"]
    assert c["name"].tolist() == ["Tunuyán – viñedo", "Maipú – insumos", none]
