"""How the sample's ties form: who reports which ties in each wave, and the ground truth.

Only respondents report. ``knowledge`` answers name the organisations a respondent got
technical advice from; each sub-cluster's hubs (lead firms, gatekeepers, sources, mutual
exchangers) are named with a fixed probability per member, other members and institutions
less often, external advisors and suppliers mainly by gatekeepers and external stars
(Giuliani & Bell 2005). ``trade`` answers name buyers: growers and services sell inside
their sub-cluster (mostly to its lead firms), input suppliers sell across the cluster, lead
firms export. ``cooperation`` pairs are horizontal (same value-chain stage) or vertical,
mostly inside a sub-cluster, and are reported by one or both partners. From 2023 to 2025
about 15% of the ties dissolve and are replaced, horizontal cooperation grows (a cluster
initiative), one cooperation bridge joins sub-clusters 1 and 2 and two firms enter.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tramas.sample import cluster as C
from tramas.sample.actors import build_actors
from tramas.sample.recall import NameIndex, recall_answers
from tramas.sample.value_chains import plant_value_chains

__all__ = ["RELATIONS", "TIE_COLUMNS", "WAVES", "build_survey"]

WAVES: tuple[str, ...] = ("2023", "2025")
RELATIONS: tuple[str, ...] = ("knowledge", "cooperation", "trade")
# fmt: off
TIE_COLUMNS = ["source", "target", "relation", "wave", "weight", "orientation", "governance",
               "formality", "data_source", "evidence"]

# Knowledge hubs of a sub-cluster: probability that a member names each as a source.
_HUB_P = {"lead": 0.7, "lead_gatekeeper": 0.7, "gatekeeper": 0.45, "source": 0.25,
          "mutual": 0.3}
# How readily a member seeks advice from the hubs (factor on _HUB_P), by its own role.
_SEEK = {"absorber": 1.6, "source": 0.1, "star": 0.1, "lead": 0.5, "mutual": 0.6}
# Other firms of the sub-cluster: (weight as a source, range of them named), by role.
_KNOW = {"ordinary": (1, (0, 1)), "absorber": (0.2, (4, 6)), "star": (0.2, (0, 1)),
         "new": (0.5, (2, 3)), "lead": (0, (0, 1)), "lead_gatekeeper": (0, (2, 4)),
         "gatekeeper": (0, (2, 4)), "source": (0, (0, 1)), "mutual": (0, (1, 2))}
# External knowledge sources named, by role (others: one with probability 0.08).
_EXT_KNOW = {"lead": (1, 2), "lead_gatekeeper": (3, 4), "gatekeeper": (3, 4), "star": (3, 4)}
# Institutions as knowledge sources: probability that a firm names each.
_INST_KNOW = {"station": 0.13, "techcentre": 0.1, "university": 0.06, "chamber": 0.03,
              "agency": 0.03, "school": 0.03, "municipal": 0.02}
# Governance of sales to external buyers (Humphrey & Schmitz 2002).
_GOVERNANCE = {"uk": "quasi_hierarchy", "us": "quasi_hierarchy", "de": "network",
               "br": "market", "cn": "market", "ba": "market"}
# Share of ties kept from 2023 to 2025.
_KEEP = {"knowledge": 0.85, "cooperation": 0.85, "trade": 0.9}
# fmt: on


def build_survey(
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any], pd.DataFrame, dict[str, Any]]:
    """Actors, ties, free-recall answers, ground truth, upgrading and planted value chains.

    The value chains (:mod:`tramas.sample.value_chains`) are drawn last, from their own
    random stream, so they change none of the other tables.
    """
    return _Builder(seed).build()


class _Builder:
    """Draws one survey from one random generator (one pass, in a fixed order)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.reports: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = {
            (w, r): {} for w in WAVES for r in RELATIONS
        }

    def _actors(self) -> None:
        cast = build_actors(self.rng)
        self.actors, self.role, self.key = cast.actors, cast.role, cast.key
        self.comm = cast.community
        self.by_key = {v: k for k, v in self.key.items() if k[0] in "IX"}
        self.firms = [a for a in self.actors.index if a[0] == "F"]
        self.stage = self.actors["stage"].to_dict()
        self.kind = self.actors["kind"].to_dict()
        self.answered = self.actors["respondent"].to_dict()
        self.names = NameIndex(self.actors)

    # ........................................................ helpers
    def _present(self, a: str, wave: str) -> bool:
        return self.role.get(a) != "new" or wave == "2025"

    def _members(self, wave: str, comm=None, stage=None, roles=None) -> list[str]:
        """Firms present in ``wave`` (isolated micro-firms never), filtered."""
        comms = None if comm is None else set(np.atleast_1d(comm).tolist())
        stages = None if stage is None else set(np.atleast_1d(stage).tolist())
        return [
            a
            for a in self.firms
            if self._present(a, wave)
            and self.role[a] != "isolated"
            and (comms is None or self.comm[a] in comms)
            and (stages is None or self.stage[a] in stages)
            and (roles is None or self.role[a] in roles)
        ]

    def _pick(self, cands: list[str], weights, k: int, exclude=()) -> list[str]:
        keep = [(c, w) for c, w in zip(cands, weights, strict=True) if c not in exclude and w > 0]
        k = min(k, len(keep))
        if k <= 0:
            return []
        w = np.array([w for _, w in keep], dtype=float)
        idx = self.rng.choice(len(keep), size=k, replace=False, p=w / w.sum())
        return [keep[i][0] for i in sorted(idx)]

    def _weight(self, strong: bool = False) -> int:
        return int(self.rng.choice([1, 2, 3], p=[0.2, 0.4, 0.4] if strong else [0.45, 0.35, 0.2]))

    def _report(self, wave, rel, src, tgt, weight, **attrs) -> None:
        if src != tgt and self.answered[src]:
            self.reports[(wave, rel)][(src, tgt)] = {"weight": weight, **attrs}

    def _orientation(self, a: str, b: str) -> str:
        if self.kind[a] != "firm" or self.kind[b] != "firm":
            return ""
        same = self.stage[a] == self.stage[b]
        return "horizontal" if same else "vertical"

    # ........................................................ directed relations
    def _pools(self, ego: str, rel: str, wave: str) -> list[tuple[list[str], list[float], int]]:
        """(candidates, weights, how many to name) for one respondent and relation."""
        rng, role, comm = self.rng, self.role[ego], self.comm.get(ego)
        stage, ftype = self.stage[ego], self.key[ego]
        if role == "isolated":
            return []
        if role == "institution":
            ext = [self.by_key[k] for k in ("agency", "institute", "consultant", "it")]
            if rel != "knowledge":
                return []
            return [(ext, [1.0] * 4, int(rng.integers(0, 3)))]
        if rel == "knowledge":
            attract = lambda c: _KNOW[self.role[c]][0]  # noqa: E731
            hub_roles = tuple(_HUB_P)
            own_hubs = self._members(wave, comm, roles=hub_roles)
            p_hub = [min(0.95, _HUB_P[self.role[c]] * _SEEK.get(role, 1.0)) for c in own_hubs]
            own = [c for c in self._members(wave, comm) if c not in own_hubs]
            hubs = self._members(
                wave,
                [c for c in range(4) if c != comm],
                roles=("lead", "lead_gatekeeper", "gatekeeper", "source"),
            )
            hub_w = [_HUB_P[self.role[c]] for c in hubs]
            lo, hi = _KNOW[role][1]
            probs = dict(_INST_KNOW)
            if stage == "viñedo":
                probs["station"] *= 1.6
            if role in ("source", "star"):  # they seldom receive advice locally
                probs = {k: v * 0.2 for k, v in probs.items()}
            extra = {1: "federation", 2: "chamber", 0: "chamber", 3: "techcentre"}[comm]
            extra = "nurseries" if stage == "vivero" else extra
            probs[extra] = probs.get(extra, 0.0) + 0.15
            inst, p_inst = [self.by_key[k] for k in probs], list(probs.values())
            ext_lo, ext_hi = _EXT_KNOW.get(role, (0, 0))
            n_ext = int(rng.integers(ext_lo, ext_hi + 1)) if ext_hi else int(rng.random() < 0.08)
            advisors = [a for a in self.by_key.values() if self.role[a] == "advisor"]
            suppliers = [a for a in self.by_key.values() if self.role[a] == "supplier"]
            return [
                (own_hubs, p_hub, None),
                (own, [attract(c) for c in own], int(rng.integers(lo, hi + 1))),
                (hubs, hub_w, int(rng.random() < (0.5 if hi > 3 else 0.1))),
                (inst, p_inst, int(rng.binomial(len(p_inst), np.mean(p_inst)))),
                (advisors + suppliers, [2.0] * len(advisors) + [1.0] * len(suppliers), n_ext),
            ]
        # trade: the respondent names its buyers
        if stage == "turismo" or role == "new" and stage != "elaboración":
            return []
        elab = self._members(wave, comm, stage="elaboración")
        buyer_w = [
            {"lead": 8, "lead_gatekeeper": 8, "gatekeeper": 3}.get(self.role[c], 1) for c in elab
        ]
        ext = {k: self.by_key[k] for k in _GOVERNANCE}
        if role.startswith("lead"):
            w = [3 if k in ("uk", "us", "ba") else 1 for k in ext]
            return [(list(ext.values()), w, int(rng.integers(3, 6)))]
        if stage in ("viñedo", "vivero", "servicios", "comercialización") and comm != 3:
            if ftype == "agroservice":
                growers = self._members(wave, comm, stage="viñedo")
                return [(growers, [1.0] * len(growers), int(rng.integers(2, 4)))]
            return [(elab, buyer_w, int(rng.integers(1, 4)))]
        if comm == 3:
            allelab = self._members(wave, [0, 1, 2], stage="elaboración")
            w = [
                {"lead": 3, "lead_gatekeeper": 3, "gatekeeper": 2}.get(self.role[c], 0.15)
                for c in allelab
            ]
            c3 = self._members(wave, 3)
            return [
                (allelab, w, int(rng.integers(0, 3))),
                (c3, [1.0] * len(c3), int(rng.integers(1, 3))),
            ]
        # bodegas and cooperatives: bulk wine to lead firms, wine to tourism, some exports
        leads = [c for c in elab if self.role[c].startswith("lead")]
        tourism = self._members(wave, comm, stage="turismo")
        exports = 1 if role == "star" else int(rng.random() < 0.15)
        return [
            (leads, [1.0] * len(leads), int(rng.random() < 0.6)),
            (tourism, [1.0] * len(tourism), int(rng.integers(0, 3))),
            ([ext["ba"]], [1.0], int(rng.random() < 0.25)),
            ([ext[k] for k in ("uk", "us", "de", "br")], [1.0] * 4, exports),
        ]

    def _directed(self, rel: str) -> None:
        egos = [a for a in self.actors.index if a[0] != "X" and self.answered[a]]
        previous: dict[str, list[list[str]]] = {}
        for wave in WAVES:
            for ego in egos:
                if not self._present(ego, wave):
                    continue
                named = []
                old = previous.get(ego, [])
                for n, (cands, weights, k) in enumerate(self._pools(ego, rel, wave)):
                    if n < len(old):  # next wave: keep most ties, replace the dropped ones
                        kept = [c for c in old[n] if self.rng.random() < _KEEP[rel]]
                        named.append(
                            kept
                            + self._pick(
                                cands, weights, len(old[n]) - len(kept), exclude=set(kept) | {ego}
                            )
                        )
                    elif k is None:  # each candidate named independently with its probability
                        hits = self.rng.random(len(cands)) < np.asarray(weights, dtype=float)
                        named.append(
                            [c for c, h in zip(cands, hits, strict=True) if h and c != ego]
                        )
                    else:
                        named.append(self._pick(cands, weights, k, exclude={ego}))
                previous[ego] = named
                for alter in (a for group in named for a in group):
                    self._directed_tie(wave, rel, ego, alter)

    def _directed_tie(self, wave: str, rel: str, ego: str, alter: str) -> None:
        old = self.reports[("2023", rel)].get((ego, alter)) if wave == "2025" else None
        if old and self.rng.random() < 0.75:
            self._report(wave, rel, ego, alter, **old)
            return
        strong = self.role[ego].startswith("lead") or self.role[alter].startswith("lead")
        attrs = {"weight": self._weight(strong)}
        if rel == "trade":
            key = self.key.get(alter, "")
            governance = _GOVERNANCE.get(key, "") if alter[0] == "X" else ""
            if key == "us" and self.key[ego] == "lead_foreign_us":
                governance = "hierarchy"  # the importer's group owns the bodega
            if self.role[alter].startswith("lead") and self.stage[ego] == "viñedo":
                governance = "quasi_hierarchy" if self.rng.random() < 0.5 else "market"
            if alter[0] == "X" and self.rng.random() < 0.2:
                governance = ""
            attrs.update(
                governance=governance,
                formality="formal" if governance or self.rng.random() < 0.4 else "informal",
            )
        self._report(wave, rel, ego, alter, **attrs)

    # ........................................................ cooperation
    def _pairs(self, wave: str) -> dict[tuple[str, str], int]:
        rng, pairs = self.rng, {}

        def add(a: str, b: str, p: float, strong: bool = False) -> None:
            if a != b and rng.random() < p:
                pairs[tuple(sorted((a, b)))] = self._weight(strong)

        growth = 0.07 if wave == "2025" else 0.0  # the cluster initiative
        for comm in range(4):
            members = self._members(wave, comm)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    same = self.stage[a] == self.stage[b]
                    lead = self.role[a].startswith("lead") or self.role[b].startswith("lead")
                    p = (0.14 if comm == 3 else 0.08) + growth if same else 0.035
                    if lead and not same:
                        p = 0.35 if "viñedo" in (self.stage[a], self.stage[b]) else 0.15
                    add(a, b, p, strong=lead)
        for s in self._members(wave, 3):
            for b in self._members(wave, [0, 1, 2], stage="elaboración"):
                add(s, b, 0.12 if self.role[b].startswith("lead") else 0.005)
        inst = {k: self.by_key[k] for k in C.INSTITUTIONS}
        for a in self._members(wave):
            for key, p in (("techcentre", 0.05), ("chamber", 0.04), ("station", 0.03)):
                add(a, inst[key], p)
            if self.comm[a] == 1:
                add(a, inst["federation"], 0.25)
                add(a, inst["credit"], 0.06)
            if self.stage[a] == "vivero":
                add(a, inst["nurseries"], 0.8)
        ids = list(inst.values())
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                add(a, b, 0.25)
        buyers = [self.by_key[k] for k in ("uk", "us", "de")]
        for a in self._members(wave, roles=("lead", "lead_gatekeeper")):
            for b in self._pick(buyers, [1.0] * 3, 1 + int(rng.random() < 0.5)):
                add(a, b, 1.0, strong=True)
        for a in self._members(wave, roles=("gatekeeper", "lead_gatekeeper")):
            partner = "fr" if self.key[a] == "cooperage" else "consultant"
            add(a, self.by_key[partner], 1.0)
        return pairs

    def _cooperation(self) -> None:
        pairs = {}
        for wave in WAVES:
            fresh = self._pairs(wave)
            if wave == "2025":  # 15% dissolve; new ties, mostly horizontal (cluster initiative)
                kept = {p: w for p, w in pairs.items() if self.rng.random() < _KEEP["cooperation"]}
                for p, w in fresh.items():
                    entering = any(self.role[x] == "new" for x in p)
                    rate = 0.55 if self._orientation(*p) == "horizontal" else 0.06
                    if p not in pairs and (entering or self.rng.random() < rate):
                        kept[p] = w
                fresh = kept
                fresh[self._bridge()] = 2
            pairs = fresh
            for (a, b), w in sorted(pairs.items()):
                orient = self._orientation(a, b)
                formality = "formal" if self.rng.random() < 0.35 else "informal"
                reporters = [x for x in (a, b) if self.answered[x]]
                if len(reporters) == 2:
                    u = self.rng.random()
                    reporters = reporters if u < 0.6 else [reporters[int(u < 0.8)]]
                for r in reporters:
                    other = b if r == a else a
                    ww = int(np.clip(w + self.rng.choice([-1, 0, 0, 0, 1]), 1, 3))
                    self._report(
                        wave, "cooperation", r, other, ww, orientation=orient, formality=formality
                    )

    def _bridge(self) -> tuple[str, str]:
        a = self._members("2025", 1, "elaboración", roles=("ordinary",))
        b = self._members("2025", 2, "elaboración", roles=("ordinary",))
        a = [x for x in a if self.answered[x]]
        b = [x for x in b if self.answered[x]]
        self.bridge = tuple(sorted((str(self.rng.choice(a)), str(self.rng.choice(b)))))
        return self.bridge

    # ........................................................ assembly
    def _repair(self) -> None:
        """Give every sub-cluster member three observed ties inside it, in every wave."""
        for wave in WAVES:
            partners: dict[str, set[str]] = {}
            for rel in RELATIONS:
                for s, t in self.reports[(wave, rel)]:
                    partners.setdefault(s, set()).add(t)
                    partners.setdefault(t, set()).add(s)
            for a in self._members(wave):
                group = self._members(wave, self.comm[a])
                mates = [
                    m for m in group if self.answered[m] and m not in partners.get(a, ()) and m != a
                ]
                need = max(0, 3 - len(partners.get(a, set()).intersection(group)))
                for m in self._pick(mates, [1.0] * len(mates), need):
                    attrs = {"orientation": self._orientation(m, a), "formality": "informal"}
                    self._report(wave, "cooperation", m, a, self._weight(), **attrs)
                    partners.setdefault(a, set()).add(m)

    def _isolates(self) -> None:
        iso = [a for a in self.firms if self.role[a] == "isolated"]
        buyer = str(self.rng.choice(self._members("2023", 0, "elaboración", ("ordinary",))))
        partner = str(self.rng.choice(self._members("2023", 2, "elaboración", ("ordinary",))))
        for wave in WAVES:
            self._report(wave, "trade", iso[0], buyer, 1, governance="", formality="informal")
        self._report(
            "2023", "cooperation", iso[1], partner, 1, orientation="vertical", formality="informal"
        )
        self.isolated = iso

    def _table(self) -> pd.DataFrame:
        rows = [
            {"source": s, "target": t, "relation": rel, "wave": wave, **attrs}
            for (wave, rel), ties in self.reports.items()
            for (s, t), attrs in ties.items()
        ]
        ties = pd.DataFrame(rows).reindex(columns=TIE_COLUMNS)
        ties = ties.sort_values(["wave", "relation", "source", "target"], ignore_index=True)
        ties["data_source"] = "survey"
        for col in ("orientation", "governance", "formality", "evidence"):
            ties[col] = ties[col].astype(object).where(ties[col].notna(), "").astype(str)
        ties["weight"] = ties["weight"].astype(int)
        # interviews: ties where a lead firm or a gatekeeper is named, or a gatekeeper reports
        named, reporter = ties["target"].map(self.role), ties["source"].map(self.role)
        hub = named.isin(["lead", "lead_gatekeeper", "gatekeeper"]) | reporter.isin(
            ["gatekeeper", "lead_gatekeeper"]
        )
        unused = {rel: list(self.rng.permutation(len(q))) for rel, q in C.EVIDENCE_QUOTES.items()}
        for i in sorted(self.rng.choice(ties.index[hub], size=12, replace=False)):
            rel, alter = ties.at[i, "relation"], self.actors.at[ties.at[i, "target"], "name"]
            order = unused[rel] or list(self.rng.permutation(len(C.EVIDENCE_QUOTES[rel])))
            ties.at[i, "data_source"] = "interview"
            ties.at[i, "evidence"] = C.EVIDENCE_QUOTES[rel][order.pop()].format(alter=alter)
            unused[rel] = order
        return ties

    def build(
        self,
    ) -> tuple[
        pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any], pd.DataFrame, dict[str, Any]
    ]:
        self._actors()
        self._directed("knowledge")
        self._cooperation()
        self._directed("trade")
        self._repair()
        self._isolates()
        ties = self._table()
        eligible = {a for a, r in self.role.items() if r in ("ordinary", "lead", "gatekeeper")}
        recall, extras = recall_answers(ties, self.actors, self.names, eligible, self.rng)
        actors = self.actors.copy()
        actors["employees"] = actors["employees"].astype("Int64")
        actors["founded"] = actors["founded"].astype("Int64")
        roles = pd.Series(self.role)
        pick = lambda *r: sorted(roles.index[roles.isin(r)])  # noqa: E731
        truth = {
            "seed": self.seed,
            "communities": {
                a: int(self.comm[a]) for a in sorted(self.firms) if self.comm[a] is not None
            },
            "community_labels": {str(c): C.COMMUNITY_LABELS[c][0] for c in C.COMMUNITY_LABELS},
            "lead_firms": pick("lead", "lead_gatekeeper"),
            "gatekeepers": pick("gatekeeper", "lead_gatekeeper"),
            "isolated_firms": sorted(self.isolated),
            "external_stars": pick("star"),
            "sources": pick("source"),
            "absorbers": pick("absorber"),
            "mutual_exchangers": pick("mutual"),
            "new_actors": {a: "2025" for a in pick("new")},
            "new_bridge": {"relation": "cooperation", "wave": "2025", "actors": list(self.bridge)},
            "unresolved_recall_names": extras,
            "notes": (
                "Fictional wine cluster (all organisations invented). 'communities' covers the "
                "internal firms of the four planted sub-clusters; institutions, external actors "
                "and isolated micro-firms are left out. Knowledge ties in ties.csv are reported "
                "by the receiver (source = respondent) and point provider -> receiver once "
                "ingested (alter_to_ego). Roles refer to the knowledge network of internal "
                "firms (Giuliani & Bell 2005). The edge list, the rosters and the free-recall "
                "file hold identical reported ties once the names in "
                "'unresolved_recall_names' (which appear only in recall.csv) are set aside. "
                "The only cooperation tie between sub-clusters 1 and 2 is 'new_bridge' (2025)."
            ),
        }
        cast = {
            "role": self.role,
            "key": self.key,
            "stage": self.stage,
            "answered": self.answered,
            "present": {a: tuple(w for w in WAVES if self._present(a, w)) for a in self.firms},
        }
        chains = plant_value_chains(ties, cast, self.seed)
        return actors, chains.ties, recall, truth, chains.upgrading, chains.planted
