/* tramas map page: labels where they fit. Extends window.tramasMap (see map.js).

   vis-network draws no label itself. On every redraw this part goes through the shown
   actors by importance (data.nodes[i].rank, 0 first; by size where there is no rank),
   places each label under, beside or above its node, in screen pixels at the current
   zoom, and draws it on the canvas only when its box touches no label drawn before it
   (and, except for the most important actors, no other actor's disc). Collisions are
   looked up in a grid of cells, so a frame costs O(actors), not O(actors^2). The font
   size is constant on screen: zooming in makes room, and more labels appear. The hovered,
   selected (searched) actor and the ego of an ego map are always labelled, on top.

   T.labelBoxes()  boxes of the labels drawn now: {id, text, x, y, w, h, size, font} in
                   DOM pixels of the map container (x, y = top-left); the text starts at
                   x + 2 and its vertical middle is y + h / 2.
   T.labelFont     the CSS font of ordinary labels (larger ones: same face, box.size px).
   T.setLabels(on) switch the labels off and on (tests, pictures without labels). */
(function () {
  "use strict";
  var T = window.tramasMap;
  if (!T || !T.network) { return; }
  var network = T.network;
  var body = network.body;
  var data = T.data;
  var FACE = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
  var SIZE = 12;          /* px, ordinary labels */
  var TOP_SIZE = 14;      /* px, the most important actors and forced labels */
  var MAX_LABELS = 300;   /* drawn per frame */
  var MAX_CHARS = 28;     /* longer names end in an ellipsis (full name in the tooltip) */
  var PAD = 2;            /* px of halo on each side of the text */
  var GAP = 2;            /* px between a node and its label */
  var SPACE = 2;          /* px kept free between two labels */
  var CELL = 48;          /* px, side of a collision grid cell */
  var PRINT_W = 718, PRINT_H = 661;  /* px: 190 mm x 175 mm, as in print.css */
  T.labelFont = SIZE + "px " + FACE;

  var n = data.nodes.length;
  var topN = Math.max(3, Math.min(10, Math.round(n / 20)));
  /* order of labelling: rank if the page has it, else size (largest first), then index */
  var order = data.nodes.map(function (d, i) { return i; });
  var hasRank = n > 0 && data.nodes.every(function (d) { return typeof d.rank === "number"; });
  order.sort(hasRank
    ? function (a, b) { return data.nodes[a].rank - data.nodes[b].rank || a - b; }
    : function (a, b) { return (data.nodes[b].size || 0) - (data.nodes[a].size || 0) || a - b; });
  var important = new Set();
  order.slice(0, topN).forEach(function (i) { important.add(data.nodes[i].id); });
  var indexOf = new Map();
  data.nodes.forEach(function (d, i) { indexOf.set(d.id, i); });
  function shorten(s) {
    var chars = Array.from(String(s === null || s === undefined ? "" : s).trim());
    return chars.length > MAX_CHARS ? chars.slice(0, MAX_CHARS - 1).join("").trim() + "\u2026"
      : chars.join("");
  }
  var texts = data.nodes.map(function (d) { return shorten(d.label); });
  var egos = data.nodes.filter(function (d) { return d.ego; }).map(function (d) { return d.id; });

  var widths = {};  /* font -> text -> width */
  function fontOf(size, bold) { return (bold ? "600 " : "") + size + "px " + FACE; }
  function measure(ctx, font, s) {
    var cache = widths[font] || (widths[font] = new Map());
    var w = cache.get(s);
    if (w === undefined) { ctx.font = font; w = ctx.measureText(s).width; cache.set(s, w); }
    return w;
  }

  var hovered = null;
  network.on("hoverNode", function (p) { hovered = p.node; network.redraw(); });
  network.on("blurNode", function () { hovered = null; network.redraw(); });
  var enabled = true;
  var boxes = [];

  /* a grid of cells over the view, each holding the boxes that touch it */
  function Grid(w, h) {
    this.cols = Math.max(1, Math.ceil(w / CELL));
    this.rows = Math.max(1, Math.ceil(h / CELL));
    this.cells = new Array(this.cols * this.rows);
  }
  Grid.prototype.range = function (b, fn) {
    var c0 = Math.max(0, Math.floor(b.x / CELL)), c1 = Math.min(this.cols - 1, Math.floor((b.x + b.w) / CELL));
    var r0 = Math.max(0, Math.floor(b.y / CELL)), r1 = Math.min(this.rows - 1, Math.floor((b.y + b.h) / CELL));
    for (var r = r0; r <= r1; r++) {
      for (var c = c0; c <= c1; c++) { if (fn(r * this.cols + c) === true) { return true; } }
    }
    return false;
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.range(b, function (k) { (cells[k] || (cells[k] = [])).push(b); });
  };
  /* true when b overlaps a box of the grid (other than those of node `own`), with `margin` */
  Grid.prototype.hits = function (b, margin, own) {
    var cells = this.cells;
    var x0 = b.x - margin, y0 = b.y - margin, x1 = b.x + b.w + margin, y1 = b.y + b.h + margin;
    return this.range({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, function (k) {
      var list = cells[k];
      if (!list) { return false; }
      for (var j = 0; j < list.length; j++) {
        var o = list[j];
        if (o.id !== own && o.x < x1 && o.x + o.w > x0 && o.y < y1 && o.y + o.h > y0) { return true; }
      }
      return false;
    });
  };

  function draw(ctx) {
    boxes = [];
    if (!enabled || n === 0) { return; }
    var canvasEl = network.canvas.frame.canvas;
    var W = canvasEl.clientWidth, H = canvasEl.clientHeight;
    if (!W || !H) { return; }
    var view = body.view, scale = view.scale, tx = view.translation.x, ty = view.translation.y;
    var ratio = network.canvas.pixelRatio || 1;

    /* the shown actors on screen, and their discs */
    var discs = new Grid(W, H);
    var screen = new Map();
    for (var k = 0; k < n; k++) {
      var id = data.nodes[k].id;
      var node = body.nodes[id];
      if (!node || node.options.hidden) { continue; }
      var r = (node.options.size || 10) * scale + (node.options.borderWidth || 1) * scale * 0.5;
      var cx = node.x * scale + tx, cy = node.y * scale + ty;
      if (cx + r < -200 || cx - r > W + 200 || cy + r < -50 || cy - r > H + 50) { continue; }
      screen.set(id, { cx: cx, cy: cy, r: r });
      if (cx + r >= 0 && cx - r <= W && cy + r >= 0 && cy - r <= H) {
        discs.add({ id: id, x: cx - r, y: cy - r, w: 2 * r, h: 2 * r });
      }
    }

    var placed = new Grid(W, H);
    var drawn = new Set();
    function place(i, forced) {
      var d = data.nodes[i];
      if (drawn.has(d.id)) { return null; }
      var s = screen.get(d.id);
      if (!s || !texts[i]) { return null; }
      var big = forced || important.has(d.id);
      var size = big ? TOP_SIZE : SIZE;
      var font = fontOf(size, forced);
      var w = Math.ceil(measure(ctx, font, texts[i]) + 2 * PAD), h = Math.ceil(size * 1.3);
      var cands = [
        { x: s.cx - w / 2, y: s.cy + s.r + GAP },
        { x: s.cx + s.r + GAP, y: s.cy - h / 2 },
        { x: s.cx - s.r - GAP - w, y: s.cy - h / 2 },
        { x: s.cx - w / 2, y: s.cy - s.r - GAP - h }
      ];
      var chosen = null;
      /* pass 0: clear of labels and discs; pass 1 (important and forced actors): clear of labels */
      for (var pass = 0; pass < 2 && !chosen; pass++) {
        if (pass === 1 && !big) { break; }
        for (var c = 0; c < cands.length; c++) {
          var b = { id: d.id, x: cands[c].x, y: cands[c].y, w: w, h: h };
          if (b.x < 0 || b.y < 0 || b.x + w > W || b.y + h > H) { continue; }
          if (placed.hits(b, SPACE, null)) { continue; }
          if (pass === 0 && discs.hits(b, 0, d.id)) { continue; }
          chosen = b;
          break;
        }
      }
      if (!chosen && forced) {
        var f = cands[0];
        chosen = { id: d.id, x: Math.min(Math.max(0, f.x), Math.max(0, W - w)),
                   y: Math.min(Math.max(0, f.y), Math.max(0, H - h)), w: w, h: h };
      }
      if (!chosen) { return null; }
      chosen.text = texts[i];
      chosen.size = size;
      chosen.font = font;
      placed.add(chosen);
      drawn.add(d.id);
      return chosen;
    }

    /* forced labels first (they win every place), drawn last (on top) */
    var forcedIds = egos.slice();
    network.getSelectedNodes().forEach(function (id) { forcedIds.push(id); });
    if (hovered !== null) { forcedIds.push(hovered); }
    var forced = [];
    forcedIds.forEach(function (id) {
      var i = indexOf.get(id);
      if (i === undefined) { return; }
      var b = place(i, true);
      if (b) { forced.push(b); }
    });
    var normal = [];
    for (var o = 0; o < order.length && normal.length + forced.length < MAX_LABELS; o++) {
      var b = place(order[o], false);
      if (b) { normal.push(b); }
    }

    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.miterLimit = 2;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
    ctx.fillStyle = "#1a1a1a";
    normal.concat(forced).forEach(function (b) {
      ctx.font = b.font;
      ctx.lineWidth = b.size >= TOP_SIZE ? 4 : 3;
      ctx.strokeText(b.text, b.x + PAD, b.y + b.h / 2);
      ctx.fillText(b.text, b.x + PAD, b.y + b.h / 2);
    });
    ctx.restore();
    boxes = normal.concat(forced);
  }
  T.afterDrawing.push(draw);

  function round1(v) { return Math.round(v * 10) / 10; }
  T.labelBoxes = function () {
    return boxes.map(function (b) {
      return { id: b.id, text: b.text, x: round1(b.x), y: round1(b.y), w: b.w, h: b.h,
               size: b.size, font: b.font };
    });
  };
  T.setLabels = function (on) { enabled = !!on; network.redraw(); };

  /* ------------------------------------------------------------------ printing
     print.css gives the map a fixed 190 mm x 175 mm box on paper; the canvas is sized
     to it before printing and the screen view comes back afterwards. */
  var saved = null;
  window.addEventListener("beforeprint", function () {
    saved = { position: network.getViewPosition(), scale: network.getScale() };
    network.setSize(PRINT_W + "px", PRINT_H + "px");
    network.fit({ animation: false });
    network.redraw();
  });
  window.addEventListener("afterprint", function () {
    network.setSize("100%", "100%");
    if (saved) { network.moveTo({ position: saved.position, scale: saved.scale, animation: false }); }
    network.redraw();
    saved = null;
  });
}());
