/* envelope: paints a map model (the JSON the Python side writes) with Leaflet. No network, no
   randomness: the same model gives the same page. Every string in the model is already HTML-escaped. */
function envelopeMap(id, D, only) {
  'use strict';
  var one = typeof only === 'number';
  var map = L.map(id, {center: D.center, zoom: 6, zoomControl: false, zoomSnap: 0.25,
    zoomDelta: 0.5, wheelPxPerZoomLevel: 90});
  var root = map.getContainer();

  // Google encoded polylines (1e-5 degrees) -> rings of [lat, lon]
  function dec(s) {
    var pts = [], i = 0, lat = 0, lng = 0;
    while (i < s.length) {
      var b, sh = 0, r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      sh = 0; r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lng += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([lat / 1e5, lng / 1e5]);
    }
    return pts;
  }
  var geoms = D.geoms.map(function (parts) {
    return parts.map(function (rings) { return rings.map(dec); });
  });
  // all rings of the geometries (an even-odd fill: a band is outer XOR inner), or exteriors only
  function geo(ids, outline) {
    var out = [];
    ids.forEach(function (k) {
      geoms[k].forEach(function (rings) { out = out.concat(outline ? [rings[0]] : rings); });
    });
    return out;
  }

  [['envmBase', 250], ['envmTop', 450], ['envmLabels', 560]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = p[1];
  });
  L.control.scale({position: 'bottomleft', maxWidth: 160}).addTo(map);
  L.control.zoom({position: 'bottomright'}).addTo(map);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution(D.attribution);

  var base = {};
  if (D.tiles) {
    var tiles = L.tileLayer(D.tiles.url, D.tiles.options).addTo(map);
    base[D.tiles.name] = tiles;
  }
  D.countries.forEach(function (c) {
    L.polygon(geo([c.g], false), {color: D.countryEdge, weight: 0.9, opacity: 1,
      fillColor: c.fill, fillOpacity: D.tiles ? 0.25 : 1, pane: 'envmBase', interactive: false})
      .addTo(map);
  });

  // envelope layers: one feature group each, drawn widest first
  var groups = D.layers.map(function (lyr) {
    var fg = L.featureGroup();
    lyr.features.forEach(function (f) {
      var opts = {interactive: true, className: f.cls};
      for (var k in f.style) opts[k] = f.style[k];
      L.polygon(geo(f.g, f.outline), opts)
        .bindTooltip(lyr.tip, {sticky: true, direction: 'top'})
        .bindPopup(lyr.pop, {maxWidth: 400, minWidth: 260}).addTo(fg);
    });
    return fg;
  });

  var overlays = {};
  var segGroup = null;
  if (D.segment) {
    segGroup = L.featureGroup();
    L.polyline(geo([D.segment.g], false), {color: D.segment.halo, weight: D.segment.haloWidth,
      opacity: 0.95, lineCap: 'round', pane: 'envmTop', interactive: false}).addTo(segGroup);
    L.polyline(geo([D.segment.g], false), {color: D.segment.colour, weight: D.segment.width,
      opacity: 1, lineCap: 'round', pane: 'envmTop', className: 'envelope-segment'})
      .bindTooltip(D.segment.tip, {sticky: true, direction: 'top'})
      .bindPopup(D.segment.pop, {maxWidth: 400, minWidth: 260}).addTo(segGroup);
  }

  // launch lines (launchers standing back from the border): dashed black
  (D.launchLines || []).forEach(function (ln) {
    if (!segGroup) segGroup = L.featureGroup();
    L.polyline(geo([ln.g], false), {color: '#111', weight: 2.2, opacity: 0.95, dashArray: '7 5',
      pane: 'envmTop', className: 'envm-launch-line'})
      .bindTooltip(ln.tip, {sticky: true, direction: 'top'}).addTo(segGroup);
  });
  // launch points: a black dot ringed white, and the point's name
  (D.points || []).forEach(function (p) {
    if (!segGroup) segGroup = L.featureGroup();
    L.circleMarker([p[0], p[1]], {radius: 6, color: '#fff', weight: 2.5, fillColor: '#111',
      fillOpacity: 1, pane: 'envmTop', className: 'envelope-segment envelope-point'})
      .bindTooltip(p[3], {direction: 'top'}).addTo(segGroup);
    L.marker([p[0], p[1]], {icon: L.divIcon({className: 'envm-plain',
      html: '<div class="envm-launch-name">' + p[2] + '</div>', iconSize: null}),
      interactive: false, keyboard: false, pane: 'envmLabels'}).addTo(segGroup);
  });

  function label(l) {
    return L.marker([l[0], l[1]], {icon: L.divIcon({className: 'envm-plain',
      html: '<div class="' + l[3] + '">' + l[2] + '</div>', iconSize: null}),
      interactive: false, keyboard: false, pane: 'envmLabels'});
  }
  var labels = L.featureGroup().addTo(map);
  var countryLabels = D.labels.map(function (l) { return [label(l).addTo(labels), l]; });
  // a country label a panel covers moves to its second spot (the target's, inside the reach)
  function placeCountries() {
    var panels = [];
    root.querySelectorAll('.envelope-panel').forEach(function (el) {
      if (el.offsetParent !== null) panels.push(el.getBoundingClientRect());
    });
    countryLabels.forEach(function (c) {
      var l = c[1], mk = c[0];
      if (!l[4]) return;
      mk.setLatLng([l[0], l[1]]);
      var el = mk.getElement() && mk.getElement().firstChild;
      if (!el) return;
      var b = el.getBoundingClientRect();
      if (panels.some(function (t) { return overlap(b, t); })) mk.setLatLng(l[4]);
    });
  }
  var stateLabels = L.featureGroup().addTo(labels);

  // reference places: a dot and a name, placed where it collides with nothing
  var places = L.featureGroup().addTo(map), dots = [];
  D.places.forEach(function (p) {
    dots.push(L.circleMarker([p[0], p[1]], {radius: 2.6, color: '#333', weight: 1,
      fillColor: '#fff', fillOpacity: 1, pane: 'envmTop', interactive: false}).addTo(places));
    L.marker([p[0], p[1]], {icon: L.divIcon({className: 'envm-plain',
      html: '<div class="envm-place envelope-place envm-at-e">' + p[2] + '</div>',
      iconSize: null}), interactive: false, keyboard: false, pane: 'envmLabels'}).addTo(places);
  });
  function overlap(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }
  // each ring label at the first of its anchors where it clears the panels and earlier labels,
  // outside its ring, else just inside it
  var rings = [];
  var flip = {n: 's', s: 'n', e: 'w', w: 'e'};
  function placeRings() {
    var taken = [];
    root.querySelectorAll('.envelope-panel, .leaflet-control-layers').forEach(function (el) {
      if (el.offsetParent !== null) taken.push(el.getBoundingClientRect());
    });
    var cr = root.getBoundingClientRect();
    rings.forEach(function (r) {
      var tries = r.anchors.map(function (a) { return [a, a[2]]; })
        .concat(r.anchors.map(function (a) { return [a, flip[a[2]]]; }));
      var el = r.marker.getElement() && r.marker.getElement().firstChild;
      if (!el) return;
      for (var k = 0; k < tries.length; k++) {
        var a = tries[k][0];
        r.marker.setLatLng([a[0], a[1]]);
        el.className = 'envm-ring-label envelope-label envm-out-' + tries[k][1];
        var b = el.getBoundingClientRect();
        var inside = b.left >= cr.left && b.right <= cr.right && b.top >= cr.top &&
          b.bottom <= cr.bottom;
        if (inside && !taken.some(function (t) { return overlap(b, t); })) break;
        if (k === tries.length - 1) {  // nowhere free: the first anchor
          r.marker.setLatLng([r.anchors[0][0], r.anchors[0][1]]);
          el.className = 'envm-ring-label envelope-label envm-out-' + r.anchors[0][2];
        }
      }
      taken.push(el.getBoundingClientRect());
    });
  }
  function placeNames() {
    var taken = [];
    root.querySelectorAll('.envelope-label, .envelope-panel, .leaflet-control-layers, .envm-country-label, .envm-launch-name')
      .forEach(function (el) { if (el.offsetParent !== null) taken.push(el.getBoundingClientRect()); });
    var cr = root.getBoundingClientRect();
    root.querySelectorAll('.envelope-place').forEach(function (el, i) {
      el.style.visibility = 'hidden';
      var spots = ['e', 'w', 'n', 's'], ok = false;
      for (var k = 0; k < spots.length && !ok; k++) {
        el.className = 'envm-place envelope-place envm-at-' + spots[k];
        var r = el.getBoundingClientRect();
        var inside = r.left >= cr.left && r.right <= cr.right && r.top >= cr.top &&
          r.bottom <= cr.bottom;
        ok = inside && !taken.some(function (t) { return overlap(r, t); });
        if (ok) taken.push(r);
      }
      el.style.visibility = ok ? 'visible' : 'hidden';
      if (dots[i]) dots[i].setStyle({opacity: ok ? 1 : 0, fillOpacity: ok ? 1 : 0});
    });
  }

  var targets = null;
  if (D.targets) {
    targets = L.featureGroup();
    var T = D.targets;
    T.points.forEach(function (p) {
      var tip = '<b>' + p[2] + '</b> <span class="envm-dim">' + p[4] + '</span><br>' + p[5] +
        '<br>inside: ' + (p[6].length
          ? p[6].map(function (k) { return T.rings[k]; }).join('; ') : 'no envelope');
      var ll = [p[0], p[1]], kind = T.kinds[p[3]], mk;
      if (T.shapes[kind]) {
        mk = L.marker(ll, {icon: L.divIcon({className: 'envm-plain envm-mk', html: T.shapes[kind],
          iconSize: [13, 13]}), pane: 'envmTop', keyboard: false});
      } else {
        mk = L.circleMarker(ll, {radius: 4.5, color: '#111', weight: 1.5, fillColor: '#fff',
          fillOpacity: 1, pane: 'envmTop'});
      }
      mk.bindTooltip(tip, {direction: 'top'}).bindPopup('<div class="envm-pop">' + tip + '</div>')
        .addTo(targets);
      if (p[7]) {
        L.marker(ll, {icon: L.divIcon({className: 'envm-plain',
          html: '<div class="envm-point-label">' + p[2] + '</div>', iconSize: null}),
          interactive: false, keyboard: false, pane: 'envmLabels'}).addTo(targets);
      }
    });
  }

  function panel(position, cls, html) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var d = L.DomUtil.create('div', 'envm-panel envelope-panel ' + cls);
      d.innerHTML = html;
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    };
    c.addTo(map);
    return c.getContainer();
  }

  // the state shown: its layers (in draw order), ring labels, subtitle, summary and targets
  var S = D.states, envelopes = L.layerGroup().addTo(map), shown = [];
  var title = null, summary = null, targetsPanel = null, slider = null, when = null, words = null;
  var api = {states: S.map(function (s) { return s.label; }), current: -1, map: map};
  function show(i) {
    i = Math.max(0, Math.min(S.length - 1, Number(i) || 0));
    envelopes.clearLayers();
    shown = S[i].layers.slice();
    shown.forEach(function (k) { envelopes.addLayer(groups[k]); });
    stateLabels.clearLayers();
    rings = S[i].labels.map(function (l) {
      var a = l[0][0];
      var mk = label([a[0], a[1], l[1], 'envm-ring-label envelope-label envm-out-' + a[2]]);
      mk.addTo(stateLabels);
      return {marker: mk, anchors: l[0]};
    });
    if (title) title.querySelector('.envm-sub').innerHTML = S[i].subtitle;
    if (summary) {
      var open = summary.querySelector('details');
      summary.innerHTML = S[i].summary;
      if (open && !open.open) summary.querySelector('details').open = false;
    }
    if (targetsPanel) targetsPanel.innerHTML = S[i].targets;
    if (slider) {
      slider.value = String(i);
      slider.setAttribute('aria-valuetext', S[i].label);
      when.innerHTML = S[i].label + ' <span class="envm-basis">' + S[i].basis +
        (S[i].uncertain ? ', may be in force' : '') + '</span>';
      words.innerHTML = S[i].words;
    }
    api.current = i;
    placeCountries();
    placeRings();
    placeNames();
    root.dispatchEvent(new CustomEvent('envelope:state', {detail: i}));
    return i;
  }
  api.show = show;

  var small = one || root.clientWidth < 900 || root.clientHeight < 650;
  var opening = one ? only : D.opening;
  title = panel('topleft', 'envm-titlebox', one
    ? '<div class="envm-title">' + S[only].label + ' <span class="envm-basis">' + S[only].basis +
      (S[only].uncertain ? ', may be in force' : '') + '</span></div><div class="envm-sub"></div>'
    : D.panels.title);
  if (S.length > 1 && D.mode === 'timeline') {
    var box = L.DomUtil.create('div', 'envm-timeline', title);
    box.innerHTML = '<button type="button" class="envm-step" aria-label="previous date">\u2039</button>' +
      '<input type="range" min="0" max="' + (S.length - 1) + '" step="1" aria-label="date">' +
      '<button type="button" class="envm-step" aria-label="next date">\u203a</button>' +
      '<span class="envm-when"></span><div class="envm-words"></div>';
    slider = box.querySelector('input');
    if (!document.getElementById('envelope-date')) slider.id = 'envelope-date';
    when = box.querySelector('.envm-when');
    words = box.querySelector('.envm-words');
    var steps = box.querySelectorAll('button');
    steps[0].addEventListener('click', function () { show(api.current - 1); });
    steps[1].addEventListener('click', function () { show(api.current + 1); });
    slider.addEventListener('input', function () { show(slider.value); });
    slider.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowRight' || e.key === 'ArrowUp') { show(api.current + 1); e.preventDefault(); }
      if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') { show(api.current - 1); e.preventDefault(); }
    });
  }
  summary = panel('bottomleft', 'envm-summary', S[opening].summary);

  if (S.length === 1 || one) {
    S[opening].layers.forEach(function (k) { overlays[D.layers[k].name] = groups[k]; });
  } else {
    overlays['Claimed and authorized reach'] = envelopes;
  }
  if (segGroup) {
    segGroup.addTo(map);
    overlays[D.segment ? 'Border segment' : 'Launch points'] = segGroup;
  }
  overlays['Labels'] = labels;
  overlays['Places'] = places;
  if (targets) { targets.addTo(map); overlays[D.targets.name] = targets; }
  var control = L.control.layers(base, overlays, {position: 'topright', collapsed: small});
  control.addTo(map);
  L.DomUtil.addClass(control.getContainer(), 'envelope-panel');
  var legend = panel('topright', 'envm-legend', D.panels.legend);
  if (D.targets) {
    targetsPanel = panel('topright', 'envm-targets', S[opening].targets);
    var fold = function () {
      var room = root.getBoundingClientRect().bottom - targetsPanel.getBoundingClientRect().top - 88;
      targetsPanel.style.maxHeight = Math.max(110, room) + 'px';
      targetsPanel.style.overflowY = 'auto';
    };
    fold();
    map.on('resize', fold);
  }
  if (small) {  // an embed: panels start folded, the map shows whole
    root.querySelectorAll('.envm-summary details, .envm-legend details, .envm-targets details')
      .forEach(function (d) { d.open = false; });
    L.DomUtil.addClass(root, 'envm-small');
  }
  root.querySelectorAll('.envelope-panel details').forEach(function (d) {
    d.addEventListener('toggle', function () { placeCountries(); placeRings(); placeNames(); });
  });

  // keep the draw order when layers are toggled back on
  map.on('overlayadd', function () {
    shown.forEach(function (k) { if (map.hasLayer(groups[k])) groups[k].bringToFront(); });
    if (segGroup && map.hasLayer(segGroup)) segGroup.bringToFront();
  });
  map.on('zoomend moveend', function () { placeCountries(); placeRings(); placeNames(); });

  // fit the envelopes into the part of the map the panels leave free, then never pan or zoom
  // out past the clipped basemap
  (function () {
    var cr = root.getBoundingClientRect();
    function rect(sel) { var el = root.querySelector(sel); return el && el.getBoundingClientRect(); }
    var t = rect('.envm-titlebox'), lg = rect('.envm-legend'), lc = rect('.leaflet-control-layers');
    var tp = rect('.envm-targets');
    var top = t ? t.bottom - cr.top + 12 : 12;
    var right = Math.max(lg ? cr.right - lg.left : 0, lc ? cr.right - lc.left : 0,
      tp ? cr.right - tp.left : 0);
    map.fitBounds(D.bounds, {paddingTopLeft: [12, Math.min(top, cr.height * 0.3)],
      paddingBottomRight: [Math.min(right + 12, cr.width * 0.4), 12], animate: false});
    var clip = L.latLngBounds(D.clip);
    map.setMaxBounds(clip.pad(0.05));
    map.setMinZoom(Math.min(map.getZoom(), Math.floor(map.getBoundsZoom(clip, true))));
  })();
  show(opening);
  return api;
}

/* several dates side by side: one synced map per state, what changed above them */
function envelopeCompare(id, D) {
  'use strict';
  var root = document.getElementById(id);
  var head = document.createElement('div');
  head.className = 'envm-compare-head envelope-panel';
  head.innerHTML = D.panels.compare;
  var grid = document.createElement('div');
  grid.className = 'envm-grid';
  grid.style.gridTemplateColumns = 'repeat(' + D.states.length + ', 1fr)';
  root.appendChild(head);
  root.appendChild(grid);
  var maps = D.states.map(function (s, i) {
    var cell = document.createElement('div');
    cell.id = id + '_' + i;
    cell.className = 'envm-root envm-cell';
    grid.appendChild(cell);
    return envelopeMap(cell.id, D, i);
  });
  var busy = false;
  maps.forEach(function (a) {
    a.map.on('move', function () {
      if (busy) return;
      busy = true;
      maps.forEach(function (b) {
        if (b !== a) b.map.setView(a.map.getCenter(), a.map.getZoom(), {animate: false});
      });
      busy = false;
    });
  });
  maps[0].map.fire('move');
  return {states: D.states.map(function (s) { return s.label; }), maps: maps};
}
