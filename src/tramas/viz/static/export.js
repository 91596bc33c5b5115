/* tramas map page: PNG and SVG download of the current view, saving the layout as JSON. Extends window.tramasMap (see map.js).
     T.exportPNG(scale)  Promise of a PNG data URL: the SVG picture drawn at scale x its size, on white
     T.exportSVG()       a standalone SVG of the current view (visible nodes and ties, labels, outlines, legend)
     T.layoutJSON()      {"tramas_layout": 1, "anonymized": bool, "positions": {page id: [x, y]}}
   With the URL hash #tramas-export=png (or svg) the page puts the result, once drawn, into
   a hidden pre block, id tramas-export-result, and sets body[data-exported] (tramas map --png/--svg). */
(function () {
  "use strict";
  var T = window.tramasMap;
  if (!T || !T.network) { return; }
  var network = T.network;
  var data = T.data;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var PRINT_SCALE = 3;

  /* ------------------------------------------------------------------ helpers */
  function num(v) { return String(Math.round(v * 100) / 100); }
  /* text safe in XML: the five entities escaped, characters XML 1.0 forbids dropped */
  function esc(s) {
    return String(s)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  }
  function fileName(ext) {
    var base = String(document.title || "")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
      .replace(/-+$/, "");
    return (base || "map") + "." + ext;
  }
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function dataURLBlob(url) {
    var parts = url.split(",");
    var bytes = atob(parts[1]);
    var arr = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { arr[i] = bytes.charCodeAt(i); }
    return new Blob([arr], { type: "image/png" });
  }

  /* ------------------------------------------------------------------ PNG */
  /* The PNG is the SVG picture (the view, its labels and outlines, and the legend) drawn
     at `scale` times its size on white: both downloads are one drawing. */
  function exportPNG(scale) {
    scale = Number(scale) > 0 ? Number(scale) : PRINT_SCALE;
    var svg = exportSVG();
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        try {
          var out = document.createElement("canvas");
          out.width = Math.round(img.width * scale);
          out.height = Math.round(img.height * scale);
          var ctx = out.getContext("2d");
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, out.width, out.height);
          ctx.drawImage(img, 0, 0, out.width, out.height);
          resolve(out.toDataURL("image/png"));
        } catch (err) {
          reject(err);
        }
      };
      img.onerror = function () { reject(new Error("the SVG picture could not be drawn")); };
      /* a data: URL (the page's Content-Security-Policy allows images from data: only) */
      img.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svg)));
    });
  }


  /* ------------------------------------------------------------------ SVG */
  /* the outline of a vis-network shape of radius r at (x, y), as its canvas path draws it */
  function shapePath(shape, x, y, r) {
    var pts = [];
    var k, s, h, ir, rr;
    if (shape === "square") {
      pts = [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    } else if (shape === "diamond") {
      pts = [[x, y + r], [x + r, y], [x, y - r], [x - r, y]];
    } else if (shape === "hexagon") {
      for (k = 0; k < 6; k++) { pts.push([x + r * Math.cos(k * Math.PI / 3), y + r * Math.sin(k * Math.PI / 3)]); }
    } else if (shape === "star") {
      rr = r * 0.82;
      var cy = y + 0.1 * rr;
      for (k = 0; k < 10; k++) {
        var rad = k % 2 === 0 ? 1.3 * rr : 0.5 * rr;
        pts.push([x + rad * Math.sin(2 * k * Math.PI / 10), cy - rad * Math.cos(2 * k * Math.PI / 10)]);
      }
    } else if (shape === "triangle" || shape === "triangleDown") {
      rr = r * 1.15;
      var down = shape === "triangleDown";
      var ty = down ? y - 0.275 * rr : y + 0.275 * rr;
      s = 2 * rr; ir = Math.sqrt(3) / 6 * s; h = Math.sqrt(s * s - rr * rr);
      pts = down
        ? [[x, ty + (h - ir)], [x + rr, ty - ir], [x - rr, ty - ir]]
        : [[x, ty - (h - ir)], [x + rr, ty + ir], [x - rr, ty + ir]];
    } else {
      return null;
    }
    return "M" + pts.map(function (p) { return num(p[0]) + "," + num(p[1]); }).join("L") + "Z";
  }
  function colourOf(c) {
    if (!c) { return "#999999"; }
    return typeof c === "string" ? c : c.color || c.background || "#999999";
  }
  function nodeElement(item, p) {
    var fill = item.color && item.color.background ? item.color.background : "#999999";
    var stroke = item.color && item.color.border ? item.color.border : "#4a4a4a";
    var bw = item.borderWidth || 1;
    var dashes = item.shapeProperties && item.shapeProperties.borderDashes;
    var attrs = ' class="node" data-id="' + esc(item.id) + '" fill="' + esc(fill) +
      '" stroke="' + esc(stroke) + '" stroke-width="' + num(bw) + '"' +
      (dashes ? ' stroke-dasharray="' + esc(dashes.join(",")) + '"' : "");
    var d = shapePath(item.shape, p.x, p.y, item.size);
    if (d === null) {
      return '<circle cx="' + num(p.x) + '" cy="' + num(p.y) + '" r="' + num(item.size) + '"' + attrs + "/>";
    }
    return '<path d="' + d + '"' + attrs + "/>";
  }
  /* vis-network's curvedCW via point for roundness `rd` (quadratic curve) */
  function viaPoint(a, b, rd) {
    var dx = b.x - a.x, dy = a.y - b.y;
    var len = Math.sqrt(dx * dx + dy * dy);
    var g = (Math.atan2(dy, dx) + (0.5 * rd + 0.5) * Math.PI) % (2 * Math.PI);
    return { x: a.x + (0.5 * rd + 0.5) * len * Math.sin(g), y: a.y + (0.5 * rd + 0.5) * len * Math.cos(g) };
  }
  function edgeElements(item, pos, sizes) {
    var a = pos[item.from], b = pos[item.to];
    if (!a || !b) { return ""; }
    var col = item.color || {};
    var stroke = colourOf(col);
    var opacity = col.opacity === undefined ? 1 : col.opacity;
    var width = item.width || 1;
    var curved = item.smooth && item.smooth.enabled;
    var via = curved ? viaPoint(a, b, item.smooth.roundness || 0) : null;
    var d = "M" + num(a.x) + "," + num(a.y) +
      (via ? "Q" + num(via.x) + "," + num(via.y) + " " : "L") + num(b.x) + "," + num(b.y);
    var dash = item.dashes ? ' stroke-dasharray="5,5"' : "";
    var out = "";
    if (item.background && item.background.enabled) {
      out += '<path d="' + d + '" fill="none" stroke="' + esc(item.background.color) +
        '" stroke-width="' + num(item.background.size) + '" stroke-linecap="round"/>';
    }
    out += '<path class="edge" data-id="' + esc(item.id) + '" d="' + d + '" fill="none" stroke="' +
      esc(stroke) + '" stroke-opacity="' + num(opacity) + '" stroke-width="' + num(width) + '"' + dash + "/>";
    if (item.arrows && item.arrows.to && item.arrows.to.enabled) {
      /* the arrow's tip on the target's border, pointing along the tie's last direction */
      var from = via || a;
      var ux = b.x - from.x, uy = b.y - from.y;
      var l = Math.sqrt(ux * ux + uy * uy) || 1;
      ux /= l; uy /= l;
      var r = (sizes[item.to] || 10) + 1;
      var tip = { x: b.x - ux * r, y: b.y - uy * r };
      var len = (item.arrows.to.scaleFactor || 1) * 15 + 3 * width;
      var back = { x: tip.x - ux * len, y: tip.y - uy * len };
      var half = len * 0.45;
      out += '<path d="M' + num(tip.x) + "," + num(tip.y) + "L" + num(back.x - uy * half) + "," +
        num(back.y + ux * half) + "L" + num(back.x + uy * half) + "," + num(back.y - ux * half) +
        'Z" fill="' + esc(stroke) + '" fill-opacity="' + num(opacity) + '"/>';
    }
    return out;
  }
  function geoElements() {
    var geo = data.geo;
    if (!geo) { return ""; }
    var out = "";
    (geo.outlines || []).forEach(function (o) {
      var d = (o.rings || []).map(function (ring) {
        return ring.length ? "M" + ring.map(function (p) { return num(p[0]) + "," + num(p[1]); }).join("L") + "Z" : "";
      }).join("");
      if (d) {
        out += '<path class="outline" d="' + d + '" fill="#f4f1ea" fill-rule="evenodd" stroke="#b8b0a0" stroke-width="1" vector-effect="non-scaling-stroke"><title>' +
          esc(o.name || "") + "</title></path>";
      }
    });
    return out;
  }
  function rimElements(s) {
    var geo = data.geo;
    if (!geo || !geo.rim) { return ""; }
    var anchors = { left: "end", right: "start", top: "middle", bottom: "middle" };
    return geo.rim.map(function (r) {
      var p = network.canvasToDOM({ x: r.x, y: r.y });
      return '<text class="rim" x="' + num(p.x) + '" y="' + num(p.y) + '" text-anchor="' +
        (anchors[r.anchor] || "middle") + '" font-size="11" fill="#555555">' + esc(r.label) + "</text>";
    }).join("");
  }
  /* the labels drawn now (labels.js): each box's text starts at x + 2, its middle at y + h / 2 */
  function labelElements() {
    if (typeof T.labelBoxes !== "function") { return ""; }
    return (T.labelBoxes() || []).map(function (b) {
      var font = b.font || T.labelFont || "12px sans-serif";
      var size = /(\d+(?:\.\d+)?)px/.exec(font);
      var family = font.replace(/^.*?\d+(?:\.\d+)?px\s*/, "") || "sans-serif";
      var bold = /(^|\s)(bold|[6-9]00)\s/.test(font);
      var fs = b.size || (size ? Number(size[1]) : b.h * 0.8);
      return '<text class="label" x="' + num(b.x + 2) + '" y="' + num(b.y + b.h / 2) +
        '" dominant-baseline="central" font-size="' + num(fs) +
        '" font-family="' + esc(family) + '"' + (bold ? ' font-weight="bold"' : "") +
        ' fill="#222222" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">' +
        esc(b.text) + "</text>";
    }).join("");
  }
  /* the page's legend (#legend sections) as a compact column: titles and entries, each
     with the colour of its swatch or icon */
  function wrap(textLine, max) {
    var lines = [], current = "";
    textLine.split(" ").forEach(function (word) {
      if (current && (current + " " + word).length > max) { lines.push(current); current = word; }
      else { current = current ? current + " " + word : word; }
    });
    if (current) { lines.push(current); }
    return lines.length ? lines : [""];
  }
  function legendBlock(x0, width) {
    var y = 24;
    var out = '<g class="legend" font-family="system-ui, sans-serif" fill="#222222">';
    var heading = document.querySelector("#legend h2");
    if (heading) {
      out += '<text x="' + x0 + '" y="' + y + '" font-size="14" font-weight="bold">' + esc(heading.textContent.trim()) + "</text>";
      y += 20;
    }
    Array.prototype.forEach.call(document.querySelectorAll("#legend .legend-section"), function (sec) {
      var title = sec.querySelector("h3");
      if (title) {
        y += 6;
        out += '<text x="' + x0 + '" y="' + y + '" font-size="12" font-weight="bold">' + esc(title.textContent.trim()) + "</text>";
        y += 16;
      }
      var ramp = sec.querySelector(".ramp");
      if (ramp) {
        var stops = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];
        stops.forEach(function (c, k) {
          out += '<rect x="' + num(x0 + k * (width - 20) / 5) + '" y="' + (y - 10) + '" width="' + num((width - 20) / 5 + 0.5) + '" height="10" fill="' + c + '"/>';
        });
        y += 4;
        var ends = sec.querySelectorAll(".ramp-labels span");
        if (ends.length === 2) {
          out += '<text x="' + x0 + '" y="' + (y + 10) + '" font-size="11">' + esc(ends[0].textContent.trim()) + "</text>";
          out += '<text x="' + (x0 + width - 20) + '" y="' + (y + 10) + '" font-size="11" text-anchor="end">' + esc(ends[1].textContent.trim()) + "</text>";
          y += 16;
        }
      }
      Array.prototype.forEach.call(sec.querySelectorAll("li"), function (li) {
        var swatch = li.querySelector(".swatch");
        var icon = li.querySelector("svg");
        var lines = wrap(li.textContent.replace(/\s+/g, " ").trim(), 36);
        var iconWidth = 16, rowHeight = 15;
        if (swatch) {
          out += '<rect x="' + x0 + '" y="' + (y - 10) + '" width="12" height="12" fill="' +
            esc(getComputedStyle(swatch).backgroundColor) + '" stroke="#888888"/>';
        } else if (icon) {
          /* the page's own legend icon (drawn by the template from colours and shapes) */
          var w = Number(icon.getAttribute("width")) || 16, h = Number(icon.getAttribute("height")) || 16;
          var copy = icon.cloneNode(true);
          copy.setAttribute("x", String(x0));
          copy.setAttribute("y", String(y - 4 - h / 2));
          copy.removeAttribute("class");
          out += new XMLSerializer().serializeToString(copy);
          iconWidth = Math.max(16, w);
          rowHeight = Math.max(15, h + 2);
        }
        lines.forEach(function (line, k) {
          out += '<text x="' + (x0 + iconWidth + 6) + '" y="' + (y + k * 13) + '" font-size="11">' + esc(line) + "</text>";
        });
        y += Math.max(rowHeight, lines.length * 13 + 2);
      });
    });
    return { svg: out + "</g>", height: y + 10 };
  }
  function exportSVG() {
    var w = T.container.clientWidth, h = T.container.clientHeight;
    var view = network.body.view;
    var ids = T.nodeView.getIds();
    var pos = {};
    ids.forEach(function (id) {
      var body = network.body.nodes[id];
      if (body) { pos[id] = { x: body.x, y: body.y }; }
    });
    var sizes = {};
    var nodesSvg = ids.map(function (id) {
      var item = T.nodes.get(id);
      sizes[id] = item.size;
      return pos[id] ? nodeElement(item, pos[id]) : "";
    }).join("");
    var edgesSvg = T.edgeView.get().map(function (e) { return edgeElements(e, pos, sizes); }).join("");
    var legendWidth = 260;
    var legend = legendBlock(w + 16, legendWidth);
    var height = Math.max(h, legend.height);
    var width = w + legendWidth;
    return '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<svg xmlns="' + SVG_NS + '" width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height + '">' +
      "<title>" + esc(document.title) + "</title>" +
      '<rect width="' + width + '" height="' + height + '" fill="#ffffff"/>' +
      /* a nested svg clips the view to the map's area */
      '<svg class="view" x="0" y="0" width="' + w + '" height="' + h + '" overflow="hidden">' +
      '<g transform="translate(' + num(view.translation.x) + "," + num(view.translation.y) + ") scale(" + view.scale + ')">' +
      '<g class="geo">' + geoElements() + "</g>" +
      '<g class="edges" stroke-linecap="round">' + edgesSvg + "</g>" +
      '<g class="nodes">' + nodesSvg + "</g>" +
      "</g>" +
      '<g class="rim">' + rimElements() + "</g>" +
      '<g class="labels">' + labelElements() + "</g>" +
      "</svg>" +
      '<line x1="' + w + '" y1="0" x2="' + w + '" y2="' + height + '" stroke="#dddddd"/>' +
      legend.svg +
      "</svg>\n";
  }

  /* ------------------------------------------------------------------ layout */
  function layoutJSON() {
    /* the nodes' own coordinates (network.getPositions rounds them); actors hidden by a
       filter keep where they were laid out */
    var positions = {};
    data.nodes.forEach(function (n) {
      var p = network.body.nodes[n.id] || { x: n.x, y: n.y };
      positions[n.id] = [Math.round(p.x * 100) / 100, Math.round(p.y * 100) / 100];
    });
    /* one actor a line, so that the file reads (and diffs) well */
    var lines = Object.keys(positions).map(function (id) {
      return "  " + JSON.stringify(id) + ": [" + positions[id].join(", ") + "]";
    });
    return '{"tramas_layout": 1, "anonymized": ' + (data.anonymized ? "true" : "false") +
      ', "positions": {\n' + lines.join(",\n") + "\n}}\n";
  }

  /* ------------------------------------------------------------------ buttons */
  function on(id, handler) {
    var button = document.getElementById(id);
    if (button) { button.addEventListener("click", handler); }
  }
  on("export-png", function () {
    exportPNG(PRINT_SCALE).then(function (url) { download(dataURLBlob(url), fileName("png")); });
  });
  on("export-svg", function () {
    download(new Blob([exportSVG()], { type: "image/svg+xml" }), fileName("svg"));
  });
  on("export-layout", function () {
    download(new Blob([layoutJSON()], { type: "application/json" }), fileName("layout.json"));
  });

  /* ------------------------------------------------------------------ tramas map --png/--svg */
  function exportMode() {
    var m = /(?:^#|&)tramas-export=(png|svg)(?:&|$)/.exec(window.location.hash || "");
    return m ? m[1] : null;
  }
  function publish(text) {
    var pre = document.createElement("pre");
    pre.id = "tramas-export-result";
    pre.hidden = true;
    pre.textContent = text;
    document.body.appendChild(pre);
    document.body.setAttribute("data-exported", "true");
  }
  function exportOnReady() {
    var kind = exportMode();
    if (!kind) { return; }
    /* after the first drawing has finished (and the other parts' ready hooks have run) */
    window.setTimeout(function () {
      if (kind === "svg") {
        publish(exportSVG());
      } else {
        exportPNG(PRINT_SCALE).then(publish, function (err) { publish("error: " + err); });
      }
    }, 50);
  }
  /* a part loaded before this one may already have drawn the map (a synchronous redraw
     runs the ready hooks at once) */
  T.onReady.push(exportOnReady);

  Object.assign(T, { exportPNG: exportPNG, exportSVG: exportSVG, layoutJSON: layoutJSON,
                     exportFileName: fileName });
}());
