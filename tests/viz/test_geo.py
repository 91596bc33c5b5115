"""Geographic maps: the cluster's area to scale, far actors on a rim, offline basemaps."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tramas.exceptions import TramasError
from tramas.graph.network import NetworkView
from tramas.locale.errors import error_text
from tramas.viz.geo import Outline, Projection, clip_ring, outlines_overlay, read_basemap
from tramas.viz.layout import placement


def _view(rows, pairs=()):
    actors = pd.DataFrame(rows).set_index("id")
    ties = pd.DataFrame(list(pairs), columns=["source", "target"]).assign(weight=1.0)
    return NetworkView.from_frames(actors, ties, directed=False)


def _valley(extra=()):
    """Nine internal firms on a 0.1-degree grid near Tunuyán, and ``extra`` actors."""
    rows = [
        {"id": f"F{i}{j}", "lat": -33.5 - 0.05 * i, "lon": -69.1 + 0.05 * j, "internal": True,
         "municipality": "Tunuyán"}
        for i in range(3)
        for j in range(3)
    ]  # fmt: skip
    return rows + list(extra)


BUENOS_AIRES = {"id": "XBA", "lat": -34.6, "lon": -58.4, "internal": False,
                "municipality": "Buenos Aires"}  # fmt: skip


def test_a_far_actor_goes_to_the_rim_and_the_area_keeps_its_scale():
    alone = placement(_view(_valley()), "geo")
    both = placement(_view(_valley([BUENOS_AIRES])), "geo", lang="es")
    firms = [f"F{i}{j}" for i in range(3) for j in range(3)]
    # the firms are drawn exactly as without the buyer 900 km away
    pd.testing.assert_frame_equal(alone.positions.loc[firms], both.positions.loc[firms])
    x0, y0, x1, y1 = both.overlay["area"]
    bx, by = both.positions.loc["XBA", ["x", "y"]]
    assert bx > x1 and y0 < by < y1 + 300  # east of the area, not 10,000 px away
    assert bx - x1 < 600
    (rim,) = both.overlay["rim"]
    assert rim["label"] == "Buenos Aires →" and rim["anchor"] == "left"
    assert rim["x"] > bx


def test_rim_groups_by_place_and_words_a_bearing_without_place():
    far = [
        {"id": "X1", "lat": -34.6, "lon": -58.4, "internal": False, "municipality": "Buenos Aires"},
        {"id": "X2", "lat": -34.61, "lon": -58.41, "internal": False, "municipality": "Buenos Aires"},
        {"id": "X3", "lat": -23.0, "lon": -69.0, "internal": False},
    ]  # fmt: skip
    place = placement(_view(_valley(far)), "geo", lang="es")
    labels = sorted(r["label"] for r in place.overlay["rim"])
    assert labels == ["Buenos Aires (2) →", "↑ norte"]


def test_actors_near_the_area_stay_to_scale():
    near = {"id": "N", "lat": -33.55, "lon": -69.2, "internal": True}
    place = placement(_view(_valley([near])), "geo")
    assert "rim" not in place.overlay
    x0, y0, x1, y1 = place.overlay["area"]
    assert x0 < place.positions.at["N", "x"] < x1


def _square(lat0, lat1, lon0, lon1, name="Tunuyán"):
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Feature", "properties": {"NOMBRE": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip


def _inside(point, ring):
    """Ray casting (even-odd rule)."""
    x, y = point
    hit = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            hit = not hit
    return hit


def test_the_basemap_is_projected_like_the_actors(tmp_path):
    # a square around firm F11 only (lat -33.55, lon -69.05), one far away (dropped)
    features = [
        _square(-33.57, -33.53, -69.07, -69.03),
        _square(10.0, 11.0, 10.0, 11.0, name="lejos"),
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}},
    ]
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    place = placement(_view(_valley()), "geo", basemap=path)
    (outline,) = place.overlay["outlines"]
    assert outline["name"] == "Tunuyán"
    (ring,) = outline["rings"]
    pos = place.positions
    assert _inside(tuple(pos.loc["F11", ["x", "y"]]), ring)
    assert not any(_inside(tuple(pos.loc[f, ["x", "y"]]), ring) for f in pos.index if f != "F11")


def test_outlines_are_clipped_to_the_box():
    big = Outline("big", (((-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)),))
    (out,) = outlines_overlay([big], Projection(0.0, 0.0, 0.0, 1.0), (-1, -2, 3, 4))
    xy = np.array(out["rings"][0])
    assert xy[:, 0].min() == -1 and xy[:, 0].max() == 3
    assert xy[:, 1].min() == -2 and xy[:, 1].max() == 4
    assert clip_ring(np.array([[5, 5], [6, 5], [6, 6]]), (0, 0, 1, 1)).shape == (0, 2)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "basemap_missing"),
        ('{"type": "FeatureCollection", "features": [', "basemap_json"),
        ('{"type": "Topology", "objects": {}}', "basemap_geojson"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}',
         "basemap_geometry"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0]]]}', "basemap_coordinates"),
        ('{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 200], [0, 0]]]}',
         "basemap_coordinates"),
        ('{"type": "FeatureCollection", "features": []}', "basemap_empty"),
    ],
)  # fmt: skip
def test_bad_basemaps_are_errors_in_both_languages(tmp_path, content, code):
    path = tmp_path / "bad.geojson"
    if content is not None:
        path.write_text(content)
    with pytest.raises(TramasError) as caught:
        read_basemap(path)
    err = caught.value
    assert err.code == code
    assert "bad.geojson" in str(err)
    spanish = error_text(err, "es")
    assert "mapa base" in spanish and "bad.geojson" in spanish


def test_the_study_names_a_basemap_inside_its_folder(tmp_path):
    from tramas.ingest.study import read_study

    (tmp_path / "actors.csv").write_text("id\nA\n")
    (tmp_path / "ties.csv").write_text("source,target\n")
    head = '[study]\nbasemap = "{}"\n[actors]\nfile = "actors.csv"\n[[ties]]\nfile = "ties.csv"\n'
    study = tmp_path / "study.toml"
    study.write_text(head.format("limits.geojson"))
    assert read_study(study).info.basemap == tmp_path / "limits.geojson"
    study.write_text(head.format("../limits.geojson"))
    with pytest.raises(TramasError, match="basemap"):
        read_study(study)


def test_the_sample_basemap_frames_the_sample_actors():
    from tramas.sample.generator import basemap, sample_dir

    bundled = json.loads((sample_dir() / "valle_de_uco.geojson").read_text(encoding="utf-8"))
    assert bundled == basemap()
    actors = pd.read_csv(sample_dir() / "actors.csv")
    outlines = {o.name: o.rings[0] for o in read_basemap(sample_dir() / "valle_de_uco.geojson")}
    located = actors.dropna(subset=["lat"])
    for row in located.itertuples():
        name = "Gran Mendoza" if row.municipality == "Mendoza" else row.municipality
        assert _inside((row.lon, row.lat), list(outlines[name])), row.id


def test_the_sample_geo_map_keeps_its_municipalities_spread_over_the_page(sample_network):
    """The valley's own actors fill the drawing; far ones go to the rim, not the scale."""
    from tramas.viz import build_map

    page = build_map(sample_network, layout="geo", lang="en")
    nodes = pd.DataFrame(page.data["nodes"]).set_index("id")
    actors = sample_network.actors
    located = actors.dropna(subset=["lat", "lon"]).index
    xy = nodes.loc[located, ["x", "y"]]
    width = float(np.ptp(nodes.loc[located, "x"]))
    height = float(np.ptp(nodes.loc[located, "y"]))
    valley = actors.loc[located, "municipality"].isin(["Tupungato", "Tunuyán", "San Carlos"])
    inner = xy[valley.to_numpy()]
    # the valley's actors span most of the drawing of every located actor
    assert np.ptp(inner["x"]) >= 0.8 * width and np.ptp(inner["y"]) >= 0.8 * height
    # its three municipalities are far apart on the page, north to south as on the ground
    centre = inner.groupby(actors.loc[inner.index, "municipality"]).mean()
    ys = centre["y"].sort_values()
    assert list(ys.index) == ["Tupungato", "Tunuyán", "San Carlos"]
    assert ys.diff().dropna().min() >= 0.15 * height
    # actors far from the valley went to the rim, with a label
    assert page.data["geo"]["rim"]
