/* tramas map page: geographic layout: the basemap under the nodes and the rim labels of far actors. Extends window.tramasMap (see map.js).

   data.geo (tramas.viz.layout, geographic maps only), in the canvas coordinates of the
   nodes:
     outlines  [{name, rings: [[[x, y], ...], ...]}]  basemap polygons (already projected
               and clipped); drawn under everything: light fill, thin grey outline, the
               name in small grey text at the largest ring's centroid when it fits inside
     rim       [{label, x, y, anchor, line?: [x0, y0, x1, y1]}]  one per group of far
               actors: the label's point and which side of the text touches it ("left":
               the text starts there, "right": it ends there, "top"/"bottom": centred
               under/above it), and a dashed line from the area's edge to the group
     area      [x0, y0, x1, y1]  the box of the actors drawn to scale
   Text keeps a constant size on screen whatever the zoom. Nothing is fetched: survey
   text goes to the canvas with fillText only. */
(function () {
  "use strict";
  var T = window.tramasMap;
  if (!T || !T.network || !T.data.geo) { return; }
  var geo = T.data.geo;
  var outlines = geo.outlines || [];
  var rim = geo.rim || [];
  if (!outlines.length && !rim.length) { return; }
  var FACE = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  var FILL = "rgba(236, 233, 222, 0.55)", STROKE = "#9a9a9a", NAME = "#8a8a8a";
  var RIM_TEXT = "#6b6b6b", RIM_LINE = "#b0b0b0";

  /* centroid (area-weighted) and bounding box of each outline's largest ring */
  outlines.forEach(function (o) {
    var best = null, bestArea = 0;
    o.rings.forEach(function (ring) {
      var a = 0, cx = 0, cy = 0, x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (var i = 0; i < ring.length; i++) {
        var p = ring[i], q = ring[(i + 1) % ring.length];
        var c = p[0] * q[1] - q[0] * p[1];
        a += c; cx += (p[0] + q[0]) * c; cy += (p[1] + q[1]) * c;
        x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]);
        x1 = Math.max(x1, p[0]); y1 = Math.max(y1, p[1]);
      }
      if (Math.abs(a) > bestArea) {
        bestArea = Math.abs(a);
        best = { x: cx / (3 * a), y: cy / (3 * a), w: x1 - x0, h: y1 - y0 };
      }
    });
    o.centre = best;
  });

  function drawOutlines(ctx, scale) {
    if (!outlines.length) { return; }
    ctx.save();
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = STROKE;
    ctx.fillStyle = FILL;
    outlines.forEach(function (o) {
      ctx.beginPath();
      o.rings.forEach(function (ring) {
        ring.forEach(function (p, i) { if (i) { ctx.lineTo(p[0], p[1]); } else { ctx.moveTo(p[0], p[1]); } });
        ctx.closePath();
      });
      ctx.fill("evenodd");
      ctx.stroke();
    });
    var size = 11 / scale;
    ctx.font = size + "px " + FACE;
    ctx.fillStyle = NAME;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    outlines.forEach(function (o) {
      var c = o.centre;
      if (!o.name || !c) { return; }
      if (ctx.measureText(o.name).width < c.w * 0.9 && size * 1.5 < c.h) {
        ctx.fillText(o.name, c.x, c.y);
      }
    });
    ctx.restore();
  }

  function drawRim(ctx, scale) {
    if (!rim.length) { return; }
    ctx.save();
    ctx.strokeStyle = RIM_LINE;
    ctx.lineWidth = 1 / scale;
    ctx.setLineDash([4 / scale, 4 / scale]);
    rim.forEach(function (r) {
      if (!r.line) { return; }
      ctx.beginPath();
      ctx.moveTo(r.line[0], r.line[1]);
      ctx.lineTo(r.line[2], r.line[3]);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.font = (12 / scale) + "px " + FACE;
    ctx.fillStyle = RIM_TEXT;
    rim.forEach(function (r) {
      ctx.textAlign = r.anchor === "left" ? "left" : r.anchor === "right" ? "right" : "center";
      ctx.textBaseline = r.anchor === "top" ? "top" : r.anchor === "bottom" ? "bottom" : "middle";
      ctx.fillText(r.label, r.x, r.y);
    });
    ctx.restore();
  }

  T.beforeDrawing.push(function (ctx) {
    var scale = T.network.getScale() || 1;
    drawOutlines(ctx, scale);
    drawRim(ctx, scale);
  });
  T.geoOutlines = function () { return outlines.length; };
})();
