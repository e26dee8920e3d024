/* The incident layer: draws the payload webmap/incident_layer.py sends, at its rendering level.
 *
 * Every incident layer is a child of one L.featureGroup added to the map before
 * streamlit-folium attaches its click handler, so a click on any incident (or a
 * pick from a shape's list) reaches that handler with the incident's GeoJSON
 * feature (properties.id) and a tooltip ending in a hidden "[incident:ID]":
 * the dashboard learns WHICH incident at every level.
 *
 * All strings in the payload are HTML-escaped by the server; they are only
 * concatenated here, never unescaped.
 */
function kmIncidentLayer(map, D) {
  var started = performance.now();
  var group = L.featureGroup().addTo(map);
  var P = D.points;

  var UNDATED_DAY = 0;  // the day number a missing date travels as (webmap/incident_layer.py, the store's aggregates)
  function day(d) { return d === UNDATED_DAY ? "date unknown" : new Date(d * 86400000).toISOString().slice(0, 10); }
  function when(d, e) { return e ? day(d) + " → " + day(d + e) : day(d); }
  function ll(lat, lon) { return L.latLng(lat / 1e4, lon / 1e4); }
  function token(id) { return id ? '<span hidden>[incident:' + id + ']</span>' : ""; }
  function feature(props) { return {type: "Feature", properties: props, geometry: null}; }

  // m: machine-read, not yet checked by an editor: drawn hollow (white fill, outline in the side's colour)
  function svg(s, t, x, selected, m) {
    var ring = x ? '<circle cx="10" cy="10" r="9.2" fill="none" stroke="#000" stroke-width="1.3" stroke-dasharray="' + D.disputedDash + '"/>' : "";
    var scale = x ? ' transform="translate(3 3) scale(0.7)"' : "";
    var stroke = selected ? ' stroke="#000" stroke-width="2.6"' : m ? ' stroke="' + D.colours[s] + '" stroke-width="' + D.machineStroke + '"' : ' stroke="#222" stroke-width="1"';
    return '<svg width="100%" height="100%" viewBox="0 0 20 20"><path d="' + D.shapes[t] + '" fill="' + (m ? D.machineFill : D.colours[s]) +
      '" fill-rule="evenodd"' + stroke + scale + "/>" + ring + "</svg>";
  }
  var icons = {};
  function icon(s, t, x, selected, m) {
    var key = s + "/" + t + "/" + x + "/" + selected + "/" + m;
    if (!icons[key]) {
      var px = selected ? D.symbolPx * 1.6 : D.symbolPx;
      icons[key] = L.divIcon({html: svg(s, t, x, selected, m),
                              className: "km-symbol" + (selected ? " km-selected" : "") + (m ? " km-machine" : ""),
                              iconSize: [px, px]});
    }
    return icons[key];
  }

  function pointTip(i) {
    return "<b>" + when(P.d[i], P.e ? P.e[i] : 0) + "</b> · " + D.places[P.p[i]] + "<br>" + D.types[P.t[i]] +
      " · claimed by " + D.sides[P.s[i]] + (P.x[i] ? " · <i>disputed</i>" : "") +
      (P.m && P.m[i] ? "<br><i>" + D.machineLabel + "</i>" : "") + token(P.id[i]);
  }

  // tooltips are bound on first hover or press, not for every incident up front (100,000 tooltips are slow)
  function ensureTip(e) {
    var layer = e.layer || e.sourceTarget;
    if (!layer || !layer.bindTooltip || layer.getTooltip()) { return; }
    var tip = layer.kmTip ? layer.kmTip() : null;
    if (tip) { layer.bindTooltip(tip, {sticky: !!layer.kmSticky}); if (e.type === "mouseover") { layer.openTooltip(e.latlng); } }
  }
  group.on("mouseover mousedown click", ensureTip);

  // report a pick that is not a click on a drawn layer (a row of a shape's list) the same way a click is
  function report(id, latlng) {
    var html = token(id), fake = {feature: feature({id: id})};
    fake.toGeoJSON = function () { return {type: "Feature", properties: {id: id}, geometry: {type: "Point", coordinates: [latlng.lng, latlng.lat]}}; };
    fake.getTooltip = function () { return {getContent: function () { return html; }}; };
    fake._tooltip = {_content: html};
    group.fire("click", {latlng: latlng, layer: fake, sourceTarget: fake});
  }

  function incidentMarker(i) {
    var selected = P.id[i] === D.selected;
    var m = L.marker(ll(P.lat[i], P.lon[i]), {icon: icon(P.s[i], P.t[i], P.x[i], selected, P.m ? P.m[i] : 0), keyboard: false,
                                               zIndexOffset: selected ? 1000 : 0});
    m.feature = feature({id: P.id[i], kind: "incident"});
    m.kmTip = function () { return pointTip(i); };
    return m;
  }

  function drawShapes() {
    var A = D.areas;
    for (var k = 0; k < A.length; k++) {
      (function (a) {
        var colour = D.colours[a.s], selected = a.ids.indexOf(D.selected) >= 0;
        var style = {color: colour, weight: a.p === "line" ? D.lineWeight : 2, opacity: 0.9, dashArray: D.dash[a.p],
                     fillColor: colour, fillOpacity: a.m ? 0 : D.areaFill, className: "km-" + a.p + (a.m ? " km-machine" : "")};
        if (selected) { style.weight += 3; style.color = "#000"; }
        if (a.x) { style.dashArray = D.disputedDash; }
        var layer = L.geoJSON({type: "Feature", geometry: a.g, properties: {id: a.ids[0], kind: "incident", n: a.n}},
                              {style: function () { return style; }});
        layer.eachLayer(function (child) {
          child.kmSticky = true;
          child.kmTip = function () {
            var head = a.n === 1 ? D.types[a.t[0]] + " · claimed by " + D.sides[a.s] : a.n + " incidents";
            return "<b>" + when(a.d0, a.d1 - a.d0) + "</b> · " + D.places[a.pl] + " <i>(located only to this " + a.p + ")</i><br>" +
              head + (a.x ? " · <i>disputed</i>" : "") + (a.m ? "<br><i>" + D.machineLabel + "</i>" : "") + token(a.ids[0]);
          };
          if (a.n > 1) { child.on("click", function (e) { listPopup(child, a, e.latlng); }); }
        });
        group.addLayer(layer);
      })(A[k]);
    }
  }

  function listPopup(layer, a, latlng) {
    var box = L.DomUtil.create("div", "km-list");
    var head = L.DomUtil.create("div", "km-list-head", box);
    head.innerHTML = a.n + " incidents located only to " + D.places[a.pl] + (a.n > a.ids.length ? " (newest " + a.ids.length + ")" : "");
    for (var j = 0; j < a.ids.length; j++) {
      (function (j) {
        var row = L.DomUtil.create("button", "km-list-row", box);
        row.type = "button";
        row.innerHTML = day(a.d[j]) + " · " + D.types[a.t[j]] + " · " + D.sides[a.sd[j]];
        L.DomEvent.on(row, "click", function (ev) { L.DomEvent.stop(ev); report(a.ids[j], latlng); });
      })(j);
    }
    if (!layer.getPopup()) { layer.bindPopup(box, {maxHeight: 260}); }
    layer.openPopup(latlng);
  }

  function drawMarkers() {
    for (var i = 0; i < P.id.length; i++) { group.addLayer(incidentMarker(i)); }
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount(), px = n < 100 ? 30 : n < 1000 ? 38 : 46;
    return L.divIcon({html: "<span>" + n + "</span>", className: "km-cluster", iconSize: [px, px]});
  }

  function drawPoints(done) {
    var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
                                        iconCreateFunction: clusterIcon,
                                        chunkProgress: function (n, total) { if (n === total) { setTimeout(done, 0); } }});
    var markers = new Array(P.id.length);
    for (var i = 0; i < P.id.length; i++) { markers[i] = incidentMarker(i); }
    group.addLayer(cluster);
    cluster.addLayers(markers);
    if (!markers.length) { done(); }
  }

  function drawCells() {
    // a pane of its own: in a shared pane Leaflet stacks every canvas under every SVG (the filled countries)
    if (!map.getPane("kmCells")) { map.createPane("kmCells").style.zIndex = 450; }
    var renderer = L.canvas({padding: 0.3, pane: "kmCells"}), levels = [];
    D.cells.forEach(function (C) {
      var lg = L.featureGroup(), maxN = Math.max.apply(null, C.n.concat([1]));
      for (var i = 0; i < C.n.length; i++) {
        (function (i) {
          var one = C.n[i] === 1;
          var m = L.circleMarker(ll(C.lat[i], C.lon[i]), {
            renderer: renderer, pane: "kmCells", radius: Math.max(4, D.maxRadius * Math.sqrt(C.n[i] / maxN)), color: "#222", weight: 1,
            dashArray: C.x[i] ? D.disputedDash : null, fillColor: D.colours[C.s[i]], fillOpacity: 0.65});
          m.feature = feature(one ? {id: C.id[i], kind: "incident"} : {kind: "cell", n: C.n[i]});
          m.kmTip = function () {
            return "<b>" + C.n[i] + (one ? " incident" : " incidents") + "</b> · " + when(C.d0[i], C.d1[i] - C.d0[i]) +
              "<br>mostly claimed by " + D.sides[C.s[i]] + (C.x[i] ? " · " + C.x[i] + " disputed" : "") +
              (one ? "" : "<br><i>click to zoom in</i>") + token(one ? C.id[i] : "");
          };
          if (!one) { m.on("click", function (e) { map.setView(e.latlng, Math.max(map.getZoom() + 2, C.z + 2)); }); }
          lg.addLayer(m);
        })(i);
      }
      levels.push({z: C.z, layer: lg});
    });
    var shown = null;
    function pick() {
      var z = map.getZoom(), best = levels[0];
      levels.forEach(function (lv) { if (lv.z <= z) { best = lv; } });
      if (best && best !== shown) { if (shown) { group.removeLayer(shown.layer); } group.addLayer(best.layer); shown = best; }
    }
    map.on("zoomend", pick);
    pick();
  }

  function finished() {
    requestAnimationFrame(function () {
      var drawn = map.getContainer().querySelectorAll(".km-symbol, .km-cluster").length;
      window.kmIncidentsDrawn = {strategy: D.strategy, incidents: D.count, symbols: drawn, ms: performance.now() - started};
    });
  }

  drawShapes();
  if (D.strategy === "markers") { drawMarkers(); finished(); }
  else if (D.strategy === "points") { drawPoints(finished); }
  else { drawCells(); finished(); }
  return group;
}
