/* tramas map page, core. Reads the JSON data block, draws it with vis-network (positions
   fixed, physics off), and wires the legend-side controls. Survey text only ever reaches
   the DOM through textContent: never innerHTML.

   The page's other scripts (labels.js, filters.js, export.js, geo.js: concatenated after
   this one by tramas.viz.page) extend the map through window.tramasMap:
     T.nodeFilters / T.edgeFilters  functions (item) -> false to hide; then T.refresh()
     T.beforeDrawing / T.afterDrawing  functions (ctx) run on every redraw
     T.onReady  functions () run once the first drawing is done
   Edges whose end is hidden are hidden with it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tramas-data").textContent);
  var T = window.tramasMap = {
    data: data, nodeFilters: [], edgeFilters: [], beforeDrawing: [], afterDrawing: [],
    onReady: []
  };
  var rels = data.relations;
  /* change maps (two waves): per edge [status, weight in wave a, weight in wave b, bridge] */
  var change = data.change || null;
  /* trade ties coloured by value-chain governance: per edge index [colour, label] */
  var tieColors = data.tieColors || null;
  var container = document.getElementById("map");
  var tip = document.getElementById("tooltip");
  var status = document.getElementById("search-status");

  var byId = new Map();
  data.nodes.forEach(function (n, i) { byId.set(n.id, i); });

  /* Labels are not drawn by vis-network: labels.js draws those that fit on screen. */

  /* Ties: light ones faint, heavy ones darker; fainter and thinner overall when there are
     many ties per actor, so a dense core stays legible. Hovering or selecting an actor
     draws its ties at full strength. */
  var perNode = data.edges.length / Math.max(1, data.nodes.length);
  var baseAlpha = Math.max(0.18, Math.min(0.7, 0.9 / Math.sqrt(perNode + 0.65)));
  var thin = Math.max(0.5, Math.min(1, 1.8 / Math.sqrt(Math.max(perNode, 1e-9))));
  var wLo = Infinity, wHi = -Infinity;
  data.edges.forEach(function (e) { wLo = Math.min(wLo, e[4]); wHi = Math.max(wHi, e[4]); });
  function tieAlpha(width) {
    var share = wHi > wLo ? (width - wLo) / (wHi - wLo) : 0.5;
    return Math.round(Math.min(0.95, baseAlpha * (0.55 + 0.9 * share)) * 1000) / 1000;
  }
  var strong = { edge: function (values, id, selected, hovering) {
    if (selected || hovering) { values.opacity = 1; values.width = Math.max(values.width, 1.5); }
  } };

  var nodeItems = data.nodes.map(function (n, i) {
    var item = {
      id: n.id,
      x: n.x,
      y: n.y,
      shape: n.shape,
      size: n.size,
      color: { background: n.color, border: "#4a4a4a",
               highlight: { background: n.color, border: "#000000" },
               hover: { background: n.color, border: "#000000" } },
      borderWidth: 1,
      index: i
    };
    if (n.dashes) { item.borderWidth = 2; item.shapeProperties = { borderDashes: [4, 3] }; }
    if (n.ego) { item.borderWidth = 4; item.color.border = "#000000"; }
    if (n.ring && change) {
      var ring = change.rings[n.ring];
      item.borderWidth = 4;
      item.color.border = ring.color;
      item.color.highlight.border = ring.color;
      item.color.hover.border = ring.color;
      item.shapeProperties = { borderDashes: ring.dashes ? [4, 3] : false };
    }
    return item;
  });
  var edgeItems = data.edges.map(function (e, i) {
    var r = rels[e[2]];
    var item = {
      id: i,
      from: data.nodes[e[0]].id,
      to: data.nodes[e[1]].id,
      rel: e[2],
      width: Math.round(e[4] * thin * 100) / 100,
      dashes: e[5] === 1,
      color: { color: r.color, highlight: r.color, hover: r.color, opacity: tieAlpha(e[4]) },
      chosen: strong
    };
    var g = tieColors ? tieColors.edges[String(i)] : null;
    if (g) { item.color = { color: g[0], highlight: g[0], hover: g[0], opacity: 0.85 }; }
    if (r.directed) { item.arrows = { to: { enabled: true, scaleFactor: 0.5 } }; }
    if (e[6] > 0) { item.smooth = { enabled: true, type: "curvedCW", roundness: 0.2 * e[6] }; }
    if (change) {
      var c = change.edges[i];
      var st = change.statuses[c[0]];
      item.status = c[0];
      item.dashes = st.dashes;
      item.color = { color: st.color, highlight: st.color, hover: st.color, opacity: st.opacity };
      if (c[3] > 0) {
        item.width = e[4] + 1;
        item.background = { enabled: true, color: change.bridge.color, size: e[4] + 7, dashes: false };
        /* vis-network 9.1 draws edge backgrounds on curves only: a curve of roundness 0 is straight */
        if (!item.smooth) { item.smooth = { enabled: true, type: "curvedCW", roundness: 0 }; }
      }
    }
    return item;
  });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var active = rels.map(function () { return true; });
  var activeStatus = change ? change.statuses.map(function () { return true; }) : [];
  function passes(filters, item) {
    for (var k = 0; k < filters.length; k++) { if (filters[k](item) === false) { return false; } }
    return true;
  }
  /* which nodes are shown: recomputed on T.refresh(), read by the edge filter */
  var shown = new Set(nodeItems.map(function (n) { return n.id; }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return active[e.rel] && (!change || activeStatus[e.status]) &&
      shown.has(e.from) && shown.has(e.to) && passes(T.edgeFilters, e);
  } });
  function refresh() {
    shown = new Set();
    nodes.forEach(function (n) { if (passes(T.nodeFilters, n)) { shown.add(n.id); } });
    nodeView.refresh();
    edgeView.refresh();
  }
  var many = data.edges.length > 3000;
  var options = {
    autoResize: true,
    physics: { enabled: false, stabilization: false, solver: "barnesHut",
               barnesHut: { gravitationalConstant: -3000, springLength: 120, damping: 0.3 } },
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: many, hideEdgesOnZoom: many,
                   multiselect: false, navigationButtons: false, keyboard: false },
    nodes: { font: { face: "system-ui, sans-serif", color: "#222222", strokeWidth: 3,
                     strokeColor: "#ffffff" },
             scaling: { label: { enabled: false } } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 1.5,
             arrowStrikethrough: false }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  network.on("beforeDrawing", function (ctx) {
    T.beforeDrawing.forEach(function (f) { f(ctx); });
  });
  network.on("afterDrawing", function (ctx) {
    T.afterDrawing.forEach(function (f) { f(ctx); });
  });
  /* dashed borders (external actors): dashes of about 4 screen pixels at every zoom, as
     vis-network keeps the border width (its dash lengths would scale with the zoom) */
  var dashScale = 0;
  function scaleDashes() {
    var s = network.getScale();
    if (!(s > 0) || Math.abs(s - dashScale) < 0.15 * s) { return; }
    dashScale = s;
    var dash = [4 / s, 3 / s];
    var updates = [];
    data.nodes.forEach(function (n) {
      if (n.dashes && !(n.ring && change)) {
        updates.push({ id: n.id, shapeProperties: { borderDashes: dash } });
      }
    });
    if (updates.length) { nodes.update(updates); }
  }
  T.afterDrawing.push(scaleDashes);  /* any zoom: wheel, fit, focus; redraws once more */
  /* The page's other scripts add their hooks after this one runs (and may redraw while
     doing so): the map is ready at the first drawing after they all have run. */
  window.setTimeout(function () {
    network.once("afterDrawing", function () {
      T.onReady.forEach(function (f) { f(); });
      window.tramasReady = true;
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  }, 0);

  /* ------------------------------------------------------------------ tooltips */
  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function addRow(dl, key, value) {
    if (value === null || value === undefined || value === "") { return; }
    var dt = document.createElement("dt"); dt.textContent = key;
    var dd = document.createElement("dd"); dd.textContent = String(value);
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function place(dom) {
    var box = container.getBoundingClientRect();
    tip.hidden = false;
    var x = box.left + window.scrollX + dom.x + 14;
    var y = box.top + window.scrollY + dom.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.scrollX + document.documentElement.clientWidth) { x = Math.max(0, x - w - 28); }
    if (y + h > window.scrollY + document.documentElement.clientHeight) { y = Math.max(0, y - h - 28); }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function showNode(id, dom) {
    var i = byId.get(id);
    if (i === undefined) { return; }
    var n = data.nodes[i];
    clear(tip);
    var head = document.createElement("strong");
    head.textContent = n.name || n.label;
    tip.appendChild(head);
    var dl = document.createElement("dl");
    data.nodeFields.forEach(function (field, k) { addRow(dl, field, n.info[k]); });
    tip.appendChild(dl);
    place(dom || network.canvasToDOM(network.getPosition(id)));
  }
  /* interview evidence of a tie: its data source and quote(s), as text */
  var evidence = data.evidence || null;
  function addEvidence(dl, id) {
    var quotes = evidence ? evidence.edges[String(id)] : null;
    if (!quotes) { return; }
    quotes.forEach(function (q) {
      addRow(dl, evidence.fields[0], q[0]);
      addRow(dl, evidence.fields[1], q[1]);
    });
  }
  function showEdge(id, dom) {
    var e = data.edges[id];
    if (!e) { return; }
    clear(tip);
    var head = document.createElement("strong");
    var arrow = rels[e[2]].directed ? " \u2192 " : " \u2014 ";
    head.textContent = data.nodes[e[0]].label + arrow + data.nodes[e[1]].label;
    tip.appendChild(head);
    var dl = document.createElement("dl");
    addRow(dl, data.edgeFields[0], rels[e[2]].label);
    if (change) {
      var c = change.edges[id];
      addRow(dl, change.fields.status, change.statuses[c[0]].label);
      if (data.mode === "community") {
        addRow(dl, data.edgeFields[3], e[7]);
      }
      addRow(dl, change.fields.weight_a, c[1] === null ? "\u2013" : c[1]);
      addRow(dl, change.fields.weight_b, c[2] === null ? "\u2013" : c[2]);
      if (c[3] > 0) {
        if (data.mode === "community") { addRow(dl, change.fields.bridges, c[3]); }
        else { addRow(dl, change.fields.bridge, change.yes); }
      }
      addEvidence(dl, id);
      tip.appendChild(dl);
      place(dom);
      return;
    }
    addRow(dl, data.edgeFields[1], T.edgeWaveLabel ? T.edgeWaveLabel(id) : data.wave);
    if (data.mode === "community") {
      addRow(dl, data.edgeFields[3], e[7]);
    }
    addRow(dl, data.edgeFields[2], e[3]);
    var gov = tieColors ? tieColors.edges[String(id)] : null;
    if (gov) { addRow(dl, tieColors.field, gov[1]); }
    addEvidence(dl, id);
    tip.appendChild(dl);
    place(dom);
  }
  function hide() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showNode(p.node, p.pointer.DOM); });
  network.on("blurNode", hide);
  network.on("hoverEdge", function (p) { showEdge(p.edge, p.pointer.DOM); });
  network.on("blurEdge", hide);
  network.on("dragStart", hide);
  network.on("zoom", hide);
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0], p.pointer.DOM); }
    else if (p.edges.length) { showEdge(p.edges[0], p.pointer.DOM); }
    else { hide(); }
  });

  /* ------------------------------------------------------------------ relation filter */
  function setRelation(index, on) {
    active[index] = !!on;
    edgeView.refresh();
  }
  Array.prototype.forEach.call(document.querySelectorAll("#relation-filter input"), function (box) {
    box.addEventListener("change", function () {
      setRelation(Number(box.getAttribute("data-relation")), box.checked);
    });
  });
  function setStatus(index, on) {
    if (!change) { return; }
    activeStatus[index] = !!on;
    edgeView.refresh();
  }
  Array.prototype.forEach.call(document.querySelectorAll("#status-filter input"), function (box) {
    box.addEventListener("change", function () {
      setStatus(Number(box.getAttribute("data-status")), box.checked);
    });
  });

  /* ------------------------------------------------------------------ search */
  function norm(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  var entries = data.search ? data.search.map(function (s) { return [norm(s[0]), s[1], s[0]]; })
    : data.nodes.map(function (n, i) { return [norm(n.label), i, n.label]; })
        .concat(data.nodes.map(function (n, i) { return [norm(n.id), i, n.label]; }));
  function find(query) {
    var q = norm(query);
    if (!q) { return null; }
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var k = 0; k < entries.length; k++) {
        if (tests[t](entries[k][0])) { return entries[k]; }
      }
    }
    return null;
  }
  /* a catalogue text with plural choices {n?one|many} and placeholders {n}, each value
     shown through `format` when given (e.g. a number in the page's language) */
  function fill(template, values, format) {
    return template
      .replace(/\{(\w+)\?([^{}|]*)\|([^{}]*)\}/g, function (m, key, one, many) {
        return Math.abs(values[key]) === 1 ? one : many;
      })
      .replace(/\{(\w+)\}/g, function (m, key) {
        if (!Object.prototype.hasOwnProperty.call(values, key)) { return m; }
        return format ? format(values[key]) : values[key];
      });
  }
  var refocus = null;
  function focusActor(query) {
    var hit = find(query);
    if (!hit) {
      status.textContent = fill(data.text.not_found, { query: query });
      network.unselectAll();
      hide();
      return null;
    }
    var node = data.nodes[hit[1]];
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1.0),
                             animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    status.textContent = data.search
      ? fill(data.text.found_in_community, { name: hit[2], community: node.name || node.label })
      : "";
    showNode(node.id, network.canvasToDOM(network.getPosition(node.id)));
    /* place the tooltip again once the focus animation has moved the node, unless the
       user has looked at something else meanwhile */
    var shown = tip.textContent;
    window.clearTimeout(refocus);
    refocus = window.setTimeout(function () {
      if (!tip.hidden && tip.textContent === shown) {
        showNode(node.id, network.canvasToDOM(network.getPosition(node.id)));
      }
    }, 320);
    return node.id;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    focusActor(document.getElementById("search").value);
  });
  /* keys: "/" focuses the search box (unless typing in a field), Escape clears the search
     and the tooltip */
  var searchBox = document.getElementById("search");
  document.addEventListener("keydown", function (ev) {
    var el = ev.target;
    var typing = el && (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
      (el.tagName === "INPUT" && !/^(checkbox|radio|range|button|submit|reset)$/.test(el.type)));
    if (ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      ev.preventDefault();
      searchBox.focus();
      searchBox.select();
    } else if (ev.key === "Escape") {
      searchBox.value = "";
      status.textContent = "";
      window.clearTimeout(refocus);
      network.unselectAll();
      hide();
    }
  });

  /* ------------------------------------------------------------------ physics, fit */
  document.getElementById("physics").addEventListener("change", function (ev) {
    network.setOptions({ physics: { enabled: ev.target.checked } });
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });

  Object.assign(T, {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    container: container, refresh: refresh, hideTooltip: hide, fill: fill,
    focusActor: focusActor, showNode: showNode, showEdge: showEdge, setRelation: setRelation,
    setStatus: setStatus,
    counts: function () {
      return { nodes: nodeView.length, edges: edgeView.length, allEdges: edges.length };
    },
    /* change maps: shown edges per status key */
    statusCounts: function () {
      var out = {};
      if (!change) { return out; }
      change.statuses.forEach(function (st) { out[st.key] = 0; });
      edgeView.get().forEach(function (e) { out[change.statuses[e.status].key] += 1; });
      return out;
    }
  });
}());
