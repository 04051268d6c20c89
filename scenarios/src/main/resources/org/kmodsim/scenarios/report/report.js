// The kmodsim report's timeline: draws the run of the page's report-data (HtmlReport) as an SVG:
// a lane per CPU and kernel lane, the module's state and counts under them, an axis of virtual
// time or of step order, the race window; zoom (wheel, buttons), pan (drag), details on hover.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var root = document.getElementById('timeline');
  var tip = document.getElementById('tip');
  var LABEL = 150, LANE = 56, SERIES = 36, AXIS = 40, TOP = 22;
  var COLOURS = {
    program: '#d6e4f5', syscall: '#3a6ea5', module: '#3f8f3a', kernel: '#2f8f8a',
    printk: '#e3b505', probe: '#8e5ea2', busy: '#b8b0a8'
  };
  var INSTANT = {
    state: '#f28e2b', refcount: '#2f8f8a', printk: '#c99700', probe: '#8e5ea2',
    violation: '#c62828', observe: '#1d4f91', fault: '#c62828', event: '#555'
  };
  var STATES = {
    UNFORMED: '#c9c9c9', COMING: '#f1ce63', LIVE: '#59a14f', GOING: '#f28e2b', freed: '#9e9e9e',
    unloaded: '#9e9e9e'
  };

  // Step order: every order value drawn gets a column, in order.
  var orderSet = {};
  function useOrder(o) { orderSet[o] = true; }
  data.slices.forEach(function (s) { useOrder(s.startOrder); useOrder(s.endOrder); });
  data.instants.forEach(function (i) { useOrder(i.order); });
  data.series.forEach(function (s) { s.points.forEach(function (p) { useOrder(p.order); }); });
  data.kernelLog.forEach(function (l) { useOrder(l.order); });
  var race = data.raceWindow;
  if (race) { useOrder(race.first.order); useOrder(race.second.order); }
  var orders = Object.keys(orderSet).map(Number).sort(function (a, b) { return a - b; });
  var rankOf = {};
  orders.forEach(function (o, i) { rankOf[o] = i; });
  var timeOfRank = [];
  function noteTime(o, t) { timeOfRank[rankOf[o]] = t; }
  data.slices.forEach(function (s) { noteTime(s.startOrder, s.startNanos); noteTime(s.endOrder, s.endNanos); });
  data.instants.forEach(function (i) { noteTime(i.order, i.timeNanos); });
  data.kernelLog.forEach(function (l) { noteTime(l.order, l.timeNanos); });
  data.series.forEach(function (s) { s.points.forEach(function (p) { noteTime(p.order, p.timeNanos); }); });

  var end = Math.max(1, data.endNanos);
  var axis = chooseAxis();
  var view = domain();

  // Time squeezes the run into a few pixels when nearly every event is at one instant (all at
  // 0 ns, or a 10 us race after a 155 ms printk): then step order is the better first view.
  function chooseAxis() {
    var times = [];
    data.slices.forEach(function (s) { if (s.category !== 'program') times.push(s.startNanos); });
    data.instants.forEach(function (i) { times.push(i.timeNanos); });
    if (times.length < 2 || data.endNanos === 0) { return 'order'; }
    times.sort(function (a, b) { return a - b; });
    var lo = times[Math.floor(times.length * 0.1)], hi = times[Math.floor(times.length * 0.9)];
    return (hi - lo) < end * 0.01 ? 'order' : 'time';
  }
  function domain() { return axis === 'time' ? [0, end] : [0, Math.max(1, orders.length)]; }
  function sliceSpan(s) {
    return axis === 'time' ? [s.startNanos, s.endNanos]
      : [rankOf[s.startOrder], rankOf[s.endOrder] + 1];
  }
  function at(t, o) { return axis === 'time' ? t : rankOf[o] + 0.5; }
  function width() { return Math.max(300, root.clientWidth - LABEL - 12); }
  function x(u) { return LABEL + (u - view[0]) / (view[1] - view[0]) * width(); }
  function unitAt(px) { return view[0] + (px - LABEL) / width() * (view[1] - view[0]); }

  function fmt(ns) {
    var a = Math.abs(ns);
    if (a < 1e3) { return Math.round(ns) + ' ns'; }
    if (a < 1e6) { return (ns / 1e3).toFixed(3) + ' \u00b5s'; }
    if (a < 1e9) { return (ns / 1e6).toFixed(3) + ' ms'; }
    return (ns / 1e9).toFixed(3) + ' s';
  }
  function esc(t) {
    return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  }
  function fit(text, px) {
    var n = Math.floor((px - 8) / 7.4);
    if (n < 3) { return ''; }
    return text.length <= n ? text : text.slice(0, n - 1) + '\u2026';
  }

  var laneIndex = {};
  data.lanes.forEach(function (l, i) { laneIndex[l.id] = i; });
  function laneY(id) { return TOP + laneIndex[id] * LANE; }
  function seriesY(i) { return TOP + data.lanes.length * LANE + i * SERIES; }
  var items = [];

  function render() {
    items = [];
    var w = width(), total = LABEL + w + 12;
    var height = TOP + data.lanes.length * LANE + data.series.length * SERIES + AXIS;
    var p = [];
    p.push('<svg xmlns="' + NS + '" width="' + total + '" height="' + height + '" id="lanes">');
    p.push('<defs><clipPath id="plot"><rect x="' + LABEL + '" y="0" width="' + w + '" height="'
      + height + '"/></clipPath></defs>');
    data.lanes.forEach(function (l, i) {
      var y = laneY(l.id);
      p.push('<rect x="0" y="' + y + '" width="' + total + '" height="' + LANE + '" fill="'
        + (i % 2 ? '#fafafa' : '#f2f5f9') + '"/>');
      p.push('<text class="lane-name" x="8" y="' + (y + 32) + '">' + esc(l.name) + '</text>');
    });
    data.series.forEach(function (s, i) {
      var y = seriesY(i);
      p.push('<rect x="0" y="' + y + '" width="' + total + '" height="' + SERIES
        + '" fill="#fff" stroke="#eee"/>');
      p.push('<text class="lane-name series-name" x="8" y="' + (y + 23) + '">' + esc(s.name)
        + '</text>');
    });
    p.push('<g clip-path="url(#plot)">');
    if (race) { p.push(raceBand(height)); }
    data.slices.forEach(function (s, i) { slice(p, s, i); });
    data.series.forEach(function (s, i) { series(p, s, i); });
    data.instants.forEach(function (e, i) { instant(p, e, i); });
    if (race) { p.push(raceMarks()); }
    if (found !== null) {
      var f = data.kernelLog[found], fx = x(at(f.timeNanos, f.order));
      p.push('<line x1="' + fx + '" x2="' + fx + '" y1="' + TOP + '" y2="' + (height - AXIS)
        + '" stroke="#c99700" stroke-width="2" stroke-dasharray="5,3"/>');
    }
    p.push('</g>');
    p.push(axisMarks(height - AXIS, w));
    p.push('</svg>');
    var holder = document.getElementById('svg-holder');
    holder.innerHTML = p.join('');
    document.querySelectorAll('[data-axis]').forEach(function (b) {
      b.classList.toggle('on', b.getAttribute('data-axis') === axis);
    });
    document.getElementById('view').textContent = axis === 'time'
      ? 'showing ' + fmt(view[0]) + ' to ' + fmt(view[1])
      : 'showing events ' + Math.max(1, Math.floor(view[0]) + 1) + ' to '
        + Math.min(orders.length, Math.ceil(view[1])) + ' of ' + orders.length;
    document.body.setAttribute('data-axis', axis);
    document.body.setAttribute('data-rendered', 'true');
  }

  function visible(a, b) { return b >= view[0] && a <= view[1]; }

  function slice(p, s, i) {
    var span = sliceSpan(s);
    if (!visible(span[0], span[1]) || laneIndex[s.lane] === undefined) { return; }
    var x0 = x(span[0]), x1 = Math.max(x(span[1]), x0 + 2), y = laneY(s.lane);
    var program = s.category === 'program';
    var top = program ? y + 3 : y + 18, h = program ? 13 : 24;
    var k = items.push({ kind: 'slice', item: s }) - 1;
    p.push('<rect class="slice ' + esc(s.category) + '" data-k="' + k + '" data-name="'
      + esc(s.name) + '" x="' + x0.toFixed(1) + '" y="' + top + '" width="'
      + (x1 - x0).toFixed(1) + '" height="' + h + '" rx="2" fill="'
      + (COLOURS[s.category] || '#777') + '" stroke="#fff" stroke-width="0.5"/>');
    var left = Math.max(x0, LABEL), label = fit(s.name, Math.min(x1, LABEL + width()) - left);
    if (label) {
      var dark = program || s.category === 'printk' || s.category === 'busy';
      p.push('<text class="slice-name' + (dark ? ' dark' : '') + '" x="' + (left + 4) + '" y="'
        + (top + (program ? 11 : 17)) + '"' + (program ? ' font-size="11"' : '') + '>'
        + esc(label) + '</text>');
    }
  }

  function instant(p, e, i) {
    var u = at(e.timeNanos, e.order);
    if (!visible(u, u) || laneIndex[e.lane] === undefined) { return; }
    var cx = x(u), cy = laneY(e.lane) + 48, bad = e.category === 'violation' || e.category === 'fault';
    var r = bad ? 7 : 5, k = items.push({ kind: 'instant', item: e }) - 1;
    p.push('<path class="instant ' + esc(e.category) + '" data-k="' + k + '" data-name="'
      + esc(e.name) + '" d="M' + cx + ',' + (cy - r) + 'l' + r + ',' + r + 'l' + (-r) + ','
      + r + 'l' + (-r) + ',' + (-r) + 'z" fill="' + (INSTANT[e.category] || '#555')
      + '" stroke="#fff"/>');
  }

  function series(p, s, i) {
    var y = seriesY(i), pts = s.points;
    for (var j = 0; j < pts.length; j++) {
      var a = at(pts[j].timeNanos, pts[j].order) - (axis === 'order' ? 0.5 : 0);
      var b = j + 1 < pts.length ? at(pts[j + 1].timeNanos, pts[j + 1].order)
        - (axis === 'order' ? 0.5 : 0) : domain()[1];
      if (!visible(a, b)) { continue; }
      var x0 = x(a), x1 = Math.max(x(b), x0 + 1), k = items.push({ kind: 'point', item: pts[j], series: s }) - 1;
      if (s.kind === 'state') {
        p.push('<rect class="state" data-k="' + k + '" x="' + x0.toFixed(1) + '" y="' + (y + 6)
          + '" width="' + (x1 - x0).toFixed(1) + '" height="' + (SERIES - 12) + '" fill="'
          + (STATES[pts[j].value.split(' ')[0]] || '#bbb') + '"/>');
        var left = Math.max(x0, LABEL), label = fit(pts[j].value, Math.min(x1, LABEL + width()) - left);
        if (label) {
          p.push('<text class="slice-name dark" x="' + (left + 4) + '" y="' + (y + 23) + '">'
            + esc(label) + '</text>');
        }
      } else {
        var max = 1;
        pts.forEach(function (q) { max = Math.max(max, Math.abs(Number(q.value)) || 0); });
        var v = Number(pts[j].value) || 0, yy = y + SERIES - 6 - (SERIES - 14) * Math.max(0, v) / max;
        p.push('<rect class="count" data-k="' + k + '" x="' + x0.toFixed(1) + '" y="' + yy.toFixed(1)
          + '" width="' + (x1 - x0).toFixed(1) + '" height="' + (y + SERIES - 6 - yy + 1).toFixed(1)
          + '" fill="' + (v < 0 ? '#c62828' : '#7fb8b4') + '"/>');
        if (x1 - x0 > 14) {
          p.push('<text class="slice-name dark" x="' + (Math.max(x0, LABEL) + 3) + '" y="'
            + (yy - 2 < y + 11 ? y + 12 : yy - 2).toFixed(1) + '">' + esc(pts[j].value) + '</text>');
        }
      }
    }
  }

  function raceX(m) { return x(at(m.timeNanos, m.order)); }
  function raceBand(height) {
    var a = raceX(race.first), b = raceX(race.second), lo = Math.min(a, b) - 4, hi = Math.max(a, b) + 4;
    return '<rect id="race-band" x="' + lo + '" y="' + (TOP - 18) + '" width="' + (hi - lo)
      + '" height="' + (height - AXIS - TOP + 18) + '" fill="#d81b60" opacity="0.12"/>'
      + '<text class="race-label" x="' + (lo + 2) + '" y="' + (TOP - 6) + '">race window</text>';
  }
  function raceMarks() {
    var out = '';
    [race.first, race.second].forEach(function (m, i) {
      if (laneIndex[m.lane] === undefined) { return; }
      var k = items.push({ kind: 'race', item: m, which: i }) - 1;
      out += '<circle class="race-mark" data-k="' + k + '" cx="' + raceX(m) + '" cy="'
        + (laneY(m.lane) + 30) + '" r="13" fill="none" stroke="#d81b60" stroke-width="3"/>';
    });
    return out;
  }

  function axisMarks(y, w) {
    var out = '<g class="axis"><line x1="' + LABEL + '" x2="' + (LABEL + w) + '" y1="' + y
      + '" y2="' + y + '" stroke="#888"/>';
    var span = view[1] - view[0], n = Math.max(2, Math.floor(w / 130));
    var step = Math.pow(10, Math.floor(Math.log10(span / n)));
    [1, 2, 5, 10].some(function (m) { if (span / (step * m) <= n) { step *= m; return true; } return false; });
    if (axis === 'order') { step = Math.max(1, Math.round(step)); }
    for (var u = Math.ceil(view[0] / step) * step; u <= view[1]; u += step) {
      var px = x(u);
      out += '<line x1="' + px + '" x2="' + px + '" y1="' + y + '" y2="' + (y + 6) + '" stroke="#888"/>';
      if (axis === 'time') {
        out += '<text x="' + px + '" y="' + (y + 20) + '" text-anchor="middle">' + fmt(u) + '</text>';
      } else {
        var r = Math.min(orders.length - 1, Math.floor(u)), t = timeOfRank[r];
        out += '<text x="' + px + '" y="' + (y + 18) + '" text-anchor="middle">#' + (r + 1) + '</text>'
          + '<text x="' + px + '" y="' + (y + 33) + '" text-anchor="middle">'
          + (t === undefined ? '' : fmt(t)) + '</text>';
      }
    }
    return out + '<text x="8" y="' + (y + 20) + '">' + (axis === 'time' ? 'virtual time' : 'step order')
      + '</text></g>';
  }

  // Details on hover.
  function describe(it) {
    var rows = [], title;
    if (it.kind === 'slice') {
      var s = it.item;
      title = s.name;
      rows.push(['on', laneName(s.lane)], ['kind', s.category], ['from', fmt(s.startNanos)],
        ['to', fmt(s.endNanos)], ['took', fmt(s.endNanos - s.startNanos)]);
      Object.keys(s.details).forEach(function (k) { rows.push([k, s.details[k]]); });
    } else if (it.kind === 'instant') {
      var e = it.item;
      title = e.name;
      rows.push(['on', laneName(e.lane)], ['at', fmt(e.timeNanos)], ['event', '#' + (rankOf[e.order] + 1)]);
      Object.keys(e.details).forEach(function (k) { rows.push([k, e.details[k]]); });
    } else if (it.kind === 'point') {
      title = it.series.name + ': ' + it.item.value;
      rows.push(['from', fmt(it.item.timeNanos)]);
    } else {
      title = 'race window, ' + (it.which === 0 ? 'first' : 'second') + ': ' + it.item.label;
      rows.push(['on', laneName(it.item.lane)], ['at', fmt(it.item.timeNanos)], ['why', race.explanation]);
    }
    return '<b>' + esc(title) + '</b><table>' + rows.map(function (r) {
      return '<tr><td>' + esc(r[0]) + '</td><td>' + esc(r[1]) + '</td></tr>';
    }).join('') + '</table>';
  }
  function laneName(id) { var i = laneIndex[id]; return i === undefined ? id : data.lanes[i].name; }

  // Zoom, pan and the buttons.
  function zoom(factor, centre) {
    var d = domain(), min = axis === 'time' ? 10 : 2;
    var span = Math.min(d[1] - d[0], Math.max(min, (view[1] - view[0]) * factor));
    var c = centre === undefined ? (view[0] + view[1]) / 2 : centre;
    var f = (c - view[0]) / (view[1] - view[0]);
    setView(c - span * f, c - span * f + span);
  }
  function setView(a, b) {
    var d = domain(), span = b - a;
    if (a < d[0]) { a = d[0]; b = a + span; }
    if (b > d[1]) { b = d[1]; a = Math.max(d[0], b - span); }
    view = [a, b];
    render();
  }
  function showRace() {
    var a = at(race.first.timeNanos, race.first.order), b = at(race.second.timeNanos, race.second.order);
    var lo = Math.min(a, b), hi = Math.max(a, b), pad = Math.max((hi - lo) * 1.5, axis === 'time' ? 50 : 6);
    setView(lo - pad, hi + pad);
  }
  var found = null;

  function setup() {
    root.innerHTML = '<div class="legend">' + Object.keys(COLOURS).map(function (c) {
      return '<span><i style="background:' + COLOURS[c] + '"></i>' + (c === 'module' ? 'module function' : c === 'program' ? 'program (user space)' : c === 'probe' ? 'probe handler' : c) + '</span>';
    }).join('') + '</div><div id="svg-holder"></div>';
    root.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoom(ev.deltaY < 0 ? 0.8 : 1.25, unitAt(ev.clientX - root.getBoundingClientRect().left));
    }, { passive: false });
    var drag = null;
    root.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, view: view.slice() }; root.classList.add('dragging'); });
    window.addEventListener('mouseup', function () { drag = null; root.classList.remove('dragging'); });
    root.addEventListener('mousemove', function (ev) {
      if (drag) {
        var du = (ev.clientX - drag.x) / width() * (drag.view[1] - drag.view[0]);
        setView(drag.view[0] - du, drag.view[1] - du);
        return;
      }
      var k = ev.target.getAttribute && ev.target.getAttribute('data-k');
      if (k === null || k === undefined || !items[k]) { tip.hidden = true; return; }
      tip.innerHTML = describe(items[k]);
      tip.hidden = false;
      var left = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      tip.style.left = left + 'px';
      tip.style.top = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8) + 'px';
    });
    root.addEventListener('mouseleave', function () { tip.hidden = true; });
    document.querySelectorAll('[data-axis]').forEach(function (b) {
      b.addEventListener('click', function () { axis = b.getAttribute('data-axis'); view = domain(); render(); });
    });
    document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5); });
    document.getElementById('zoom-out').addEventListener('click', function () { zoom(2); });
    document.getElementById('zoom-fit').addEventListener('click', function () { view = domain(); render(); });
    var raceButton = document.getElementById('zoom-race');
    if (raceButton && race) { raceButton.addEventListener('click', showRace); }
    document.getElementById('copy').addEventListener('click', function () {
      var text = document.getElementById('replay').textContent;
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
    });
    document.querySelectorAll('#kernel-log tr[data-log]').forEach(function (tr) {
      tr.addEventListener('click', function () {
        document.querySelectorAll('#kernel-log tr.found').forEach(function (o) { o.classList.remove('found'); });
        tr.classList.add('found');
        found = Number(tr.getAttribute('data-log'));
        var l = data.kernelLog[found], u = at(l.timeNanos, l.order), span = view[1] - view[0];
        setView(u - span / 2, u + span / 2);
      });
    });
    window.addEventListener('resize', render);
  }

  setup();
  render();
  window.kmodsimReport = { zoom: zoom, setView: setView, showRace: race ? showRace : null,
    axis: function () { return axis; }, view: function () { return view.slice(); } };
}());
