// The wattflow dashboard: three pages (meters, a meter, alerts) over the server's JSON API.
// No framework: the pages are small, and every asset must come from the jar.
'use strict';

const app = document.getElementById('app');
let config = { zone: 'UTC', outputs: {} };
let refreshTimer = null;
let chart = null;

async function api(path) {
  const response = await fetch('/api/' + path);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || ('HTTP ' + response.status));
  }
  return body;
}

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function when(ms) {
  if (ms == null) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone: config.zone, year: 'numeric', month: 'short', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(ms));
}

// Axis labels in the dashboard's zone, 24 h clock, as fine as the span needs.
function tick(ms, spanMs) {
  const parts = spanMs > 3 * 86400000 ? { month: 'short', day: '2-digit' }
    : spanMs > 86400000 ? { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
    : spanMs > 1800000 ? { hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  return new Intl.DateTimeFormat('en-GB', { timeZone: config.zone, hourCycle: 'h23', ...parts }).format(new Date(ms));
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function watts(w) {
  if (w == null) return '—';
  return Math.abs(w) >= 1000 ? (w / 1000).toFixed(2) + ' kW' : Math.round(w) + ' W';
}

function num(v, digits) {
  return v == null ? '—' : Number(v).toFixed(digits);
}

function showError(e) {
  app.innerHTML = '<p class="error">' + esc(e.message) + '</p><p><a href="#/">Back to the meter list</a></p>';
}

function every(ms, fn) {
  clearInterval(refreshTimer);
  refreshTimer = setInterval(() => fn().catch(() => {}), ms);
}

// ---------------------------------------------------------------- meter list

async function meterList() {
  app.innerHTML = '<h1>Meters</h1><p><input type="search" id="search" placeholder="Search meter id"></p><div id="meters"></div>';
  const search = document.getElementById('search');
  const draw = async () => {
    const meters = await api('meters' + (search.value ? '?q=' + encodeURIComponent(search.value) : ''));
    const rows = meters.map(m => `<tr class="clickable" data-meter="${esc(m.meterId)}">
        <td><a href="#/meter/${encodeURIComponent(m.meterId)}">${esc(m.meterId)}</a></td>
        <td>${when(m.lastMs)}</td><td class="num">${watts(m.lastPowerW)}</td>
        <td class="num">${num(m.energyKwh, 1)}</td>
        <td>${m.openAlerts > 0 ? '<span class="badge open">' + m.openAlerts + ' open</span>' : '<span class="muted">none</span>'}</td>
        <td>${m.heatPump == null ? '<span class="muted">—</span>' : m.heatPump ? '<span class="badge yes">yes</span>' : 'no'}</td>
        <td class="num">${m.alwaysOnW == null ? '—' : watts(m.alwaysOnW) + (m.alwaysOnCostPerYear != null ? ' · ' + Math.round(m.alwaysOnCostPerYear) + '/yr' : '')}</td>
        <td>${(m.topLoads || []).map(l => watts(l.powerW) + ' ×' + l.runs).join(', ') || '<span class="muted">—</span>'}</td>
      </tr>`).join('');
    document.getElementById('meters').innerHTML = meters.length === 0
      ? '<p class="muted">No meter in ' + esc(config.output) + ' yet' + (search.value ? ' matching "' + esc(search.value) + '"' : '') + '.</p>'
      : `<table id="meter-table"><tr><th>Meter</th><th>Last reading</th><th class="num">Power</th><th class="num">kWh</th>
         <th>Alerts</th><th>Heat pump</th><th class="num">Always-On</th><th>Largest recurring loads (runs)</th></tr>${rows}</table>`;
    document.querySelectorAll('#meter-table tr.clickable').forEach(tr =>
      tr.addEventListener('click', () => { location.hash = '#/meter/' + encodeURIComponent(tr.dataset.meter); }));
  };
  search.addEventListener('input', () => draw().catch(showError));
  await draw();
  every(5000, draw);
}

// ---------------------------------------------------------------- alerts

async function alertsPage() {
  app.innerHTML = `<h1>Alerts</h1><div class="toolbar">Show <select id="status"><option value="">all</option>
    <option value="open">open</option><option value="closed">closed</option></select></div><div id="alerts"></div>`;
  const status = document.getElementById('status');
  const draw = async () => {
    const alerts = await api('alerts' + (status.value ? '?status=' + status.value : ''));
    document.getElementById('alerts').innerHTML = alerts.length === 0 ? '<p class="muted">No alert episodes.</p>'
      : `<table id="alert-table"><tr><th>Meter</th><th>Kind</th><th>Status</th><th>From</th><th>To</th><th>Severity</th>
         <th class="num">Anomalies</th><th>Explanation</th></tr>${alerts.map(a => `<tr>
         <td><a href="#/meter/${encodeURIComponent(a.meterId)}?from=${a.startMs - 3600000}&to=${a.endMs + 3600000}">${esc(a.meterId)}</a></td>
         <td>${esc(a.kind)}</td><td><span class="badge ${esc(a.status)}">${esc(a.status)}</span></td>
         <td>${when(a.startMs)}</td><td>${when(a.endMs)}</td><td><span class="badge ${esc(a.severity)}">${esc(a.severity)}</span></td>
         <td class="num">${a.anomalies}</td><td class="explanation">${esc(a.explanation)}</td></tr>`).join('')}</table>`;
  };
  status.addEventListener('change', () => draw().catch(showError));
  await draw();
  every(5000, draw);
}

// ---------------------------------------------------------------- one meter

const BAND_COLOURS = { high: 'rgba(220, 50, 50, 0.20)', medium: 'rgba(240, 150, 30, 0.20)', low: 'rgba(240, 200, 40, 0.18)' };

async function meterPage(id, params) {
  const meter = await api('meter?id=' + encodeURIComponent(id));
  const extent = { from: meter.firstMs, to: meter.lastMs };
  const view = {
    from: Number(params.get('from')) || Math.max(extent.from, extent.to - 86400000),
    to: Number(params.get('to')) || extent.to,
  };
  // The disaggregation estimates a heat pump's energy on every meter; its share means something only where one was detected.
  const share = meter.heatPump && meter.heatPumpKwh != null && meter.heatPumpPeriodKwh > 0
    ? Math.round(100 * meter.heatPumpKwh / meter.heatPumpPeriodKwh) + ' %' : '—';
  app.innerHTML = `<h1>${esc(id)}</h1>
    <div class="summary">
      <div class="card">Energy<b>${num(meter.energyKwh, 1)} kWh</b><span class="muted">${when(meter.firstMs)} – ${when(meter.lastMs)}</span></div>
      <div class="card">Power now<b>${watts(meter.lastPowerW)}</b><span class="muted">${when(meter.lastMs)}</span></div>
      <div class="card">Heat pump<b>${meter.heatPump == null ? '—' : meter.heatPump ? 'yes' : 'no'}</b><span class="muted">share of energy ${share}</span></div>
      <div class="card">Always-On<b>${watts(meter.alwaysOnW)}</b><span class="muted">${meter.alwaysOnCostPerYear != null ? Math.round(meter.alwaysOnCostPerYear) + ' a year' : 'after the first day'}</span></div>
      <div class="card">Open alerts<b>${meter.openAlerts}</b><span class="muted"><a href="#/alerts">all alerts</a></span></div>
      ${forecastCard(meter)}
      ${routineCard(meter)}
    </div>
    <div class="toolbar">
      <button data-span="2592000000">Month</button><button data-span="604800000">Week</button><button data-span="86400000">Day</button>
      <button data-span="3600000">Hour</button><button data-span="600000">10 min</button><button id="all">All</button>
      <button id="back">◀</button><button id="forward">▶</button>
      <label><input type="checkbox" id="follow" checked> follow new data</label>
      <span class="muted" id="resolution"></span>
    </div>
    <div id="chart"></div>
    <div class="muted">Drag on the chart to zoom; click a run (bar at the top) or an event (triangle) for its details.
      <span class="legend-key" style="background:#2b6cb0"></span>mean
      <span class="legend-key" style="background:rgba(43,108,176,0.2)"></span>min–max
      <span class="legend-key" style="background:#2f855a"></span>ON event
      <span class="legend-key" style="background:#c53030"></span>OFF event
      <span class="legend-key" style="background:#805ad5"></span>run
      <span class="legend-key" style="background:rgba(220,50,50,0.3)"></span>anomaly
      <span class="legend-key" style="background:rgba(56,161,105,0.3)"></span>forecast p10–p90 (dashed: p50, as the hour's mean power)</div>
    <div id="details" class="muted">Nothing selected.</div>
    <div class="columns">
      <div><h2>Where the energy goes</h2><div id="appliances"></div></div>
      <div><h2>Recent appliance activations</h2><div id="activations"></div></div>
    </div>
    <div class="columns">
      <div><h2>Appliance runs in view</h2><div id="runs"></div></div>
      <div><h2>Anomalies and alerts in view</h2><div id="anomalies"></div></div>
    </div>
    <div class="columns">
      <div><h2>Loads nobody named yet</h2><div id="new-devices"></div></div>
      <div><h2>Device health</h2><div id="device-health"></div></div>
    </div>
    <h2>Days</h2><div id="days"></div>
    <h2>Forecast accuracy</h2><div id="forecast-errors"></div>`;
  appliancesTables(meter);
  devicesTables(meter);

  const errors = meter.forecastErrors || [];
  document.getElementById('forecast-errors').innerHTML = errors.length === 0 ? '<p class="muted">No forecast scored yet (the first is issued after a day of data, and scored the day after).</p>'
    : `<table><tr><th>Day</th><th class="num">Hours</th><th class="num">Actual kWh</th><th class="num">Forecast kWh</th>
       <th class="num">MAE kWh/h</th><th class="num">Bias kWh/h</th><th class="num">In p10–p90</th></tr>${errors.map(e => `<tr><td>${esc(e.day)}</td>
       <td class="num">${e.hours}</td><td class="num">${num(e.actualKwh, 1)}</td><td class="num">${num(e.forecastKwh, 1)}</td>
       <td class="num">${num(e.maeKwh, 3)}</td><td class="num">${num(e.biasKwh, 3)}</td><td class="num">${Math.round(100 * e.bandCoverage)} %</td></tr>`).join('')}</table>`;

  const clusterOf = Object.fromEntries((meter.profileDays || []).map(p => [p.day, p.cluster]));
  document.getElementById('days').innerHTML = meter.days.length === 0 ? '<p class="muted">No complete day yet.</p>'
    : `<table><tr><th>Day</th><th class="num">kWh</th><th class="num">Coverage</th><th class="num">Baseload</th><th class="num">Always-On</th>
       <th class="num">Always-On a year</th><th class="num">Cycle</th><th class="num">Profile cluster</th></tr>${meter.days.map(d => `<tr><td>${esc(d.day)}</td>
       <td class="num">${num(d.energyKwh, 2)}</td><td class="num">${Math.round(100 * d.coverage)} %</td><td class="num">${watts(d.baseloadW)}</td>
       <td class="num">${watts(d.alwaysOnW)}</td><td class="num">${num(d.alwaysOnCostPerYear, 0)}</td>
       <td class="num">${d.periodMin > 0 ? num(d.periodMin, 0) + ' min' : '—'}</td>
       <td class="num">${clusterOf[d.day] ?? '—'}</td></tr>`).join('')}</table>`;

  const chartDiv = document.getElementById('chart');
  let markers = { events: [], runs: [], anomalies: [], alerts: [], forecasts: [] };
  let loading = 0;
  let renderStart = 0;

  const clipToPlot = (u, draw) => {
    const { left, top, width, height } = u.bbox;
    u.ctx.save();
    u.ctx.beginPath();
    u.ctx.rect(left, top, width, height);
    u.ctx.clip();
    draw(u.ctx, left, top, width, height, u.scales.x.min, u.scales.x.max);
    u.ctx.restore();
  };

  // Under the series: the hourly forecast's p10-p90 band and p50, anomalies and alert episodes as shaded bands.
  const drawBands = u => clipToPlot(u, (ctx, left, top, width, height, xmin, xmax) => {
    let bands = 0, forecastHours = 0;
    for (const f of markers.forecasts || []) {
      if (f.targetEndMs / 1000 < xmin || f.targetStartMs / 1000 > xmax) continue;
      const hours = (f.targetEndMs - f.targetStartMs) / 3600000;
      const x0 = u.valToPos(f.targetStartMs / 1000, 'x', true), x1 = u.valToPos(f.targetEndMs / 1000, 'x', true);
      // kWh in the hour -> its mean power, W, on the trace's axis.
      const y10 = u.valToPos(1000 * f.p10Kwh / hours, 'y', true), y90 = u.valToPos(1000 * f.p90Kwh / hours, 'y', true);
      const y50 = u.valToPos(1000 * f.p50Kwh / hours, 'y', true);
      ctx.fillStyle = 'rgba(56, 161, 105, 0.13)';
      ctx.fillRect(x0, y90, x1 - x0, y10 - y90);
      ctx.strokeStyle = 'rgba(39, 103, 73, 0.9)';
      ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x0, y50);
      ctx.lineTo(x1, y50);
      ctx.stroke();
      ctx.setLineDash([]);
      forecastHours++;
    }
    chartDiv.dataset.forecasts = forecastHours;
    for (const a of markers.anomalies.concat(markers.alerts)) {
      if (a.endMs / 1000 < xmin || a.startMs / 1000 > xmax) continue;
      const x0 = u.valToPos(a.startMs / 1000, 'x', true), x1 = u.valToPos(a.endMs / 1000, 'x', true);
      ctx.fillStyle = BAND_COLOURS[a.severity] || BAND_COLOURS.low;
      ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
      bands++;
    }
    chartDiv.dataset.bands = bands;
  });

  // Over the series: appliance runs as bars along the top, load events as triangles along the bottom.
  const drawMarkers = u => clipToPlot(u, (ctx, left, top, width, height, xmin, xmax) => {
    const px = devicePixelRatio;
    let events = 0, runs = 0;
    markers.runs.forEach((r, i) => {
      r._box = null;
      if (r.endMs / 1000 < xmin || r.startMs / 1000 > xmax) return;
      const x0 = u.valToPos(r.startMs / 1000, 'x', true), x1 = u.valToPos(r.endMs / 1000, 'x', true);
      const y = top + (4 + (i % 3) * 7) * px;
      r._box = [x0 / px, y / px, Math.max(3 * px, x1 - x0) / px, 5];
      ctx.fillStyle = r.status === 'matched' ? '#805ad5' : '#b794f4';
      ctx.fillRect(x0, y, Math.max(3 * px, x1 - x0), 5 * px);
      runs++;
    });
    for (const e of markers.events) {
      const t = e.timestampMs / 1000;
      e._x = null;
      if (t < xmin || t > xmax) continue;
      const x = u.valToPos(t, 'x', true), y = top + height - 2 * px;
      e._x = x / px;
      ctx.fillStyle = e.deltaActivePowerW >= 0 ? '#2f855a' : '#c53030';
      ctx.beginPath();
      if (e.deltaActivePowerW >= 0) { ctx.moveTo(x, y - 9 * px); ctx.lineTo(x - 4 * px, y); ctx.lineTo(x + 4 * px, y); }
      else { ctx.moveTo(x, y); ctx.lineTo(x - 4 * px, y - 9 * px); ctx.lineTo(x + 4 * px, y - 9 * px); }
      ctx.fill();
      events++;
    }
    chartDiv.dataset.events = events;
    chartDiv.dataset.runs = runs;
  });

  const opts = {
    width: Math.max(600, chartDiv.clientWidth - 14),
    height: 360,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), config.zone),
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    series: [
      { value: (u, v) => v == null ? '—' : when(v * 1000) },
      { label: 'min', stroke: 'rgba(43,108,176,0.25)', width: 1, value: (u, v) => watts(v) },
      { label: 'max', stroke: 'rgba(43,108,176,0.25)', width: 1, value: (u, v) => watts(v) },
      { label: 'mean', stroke: '#2b6cb0', width: 1.5, value: (u, v) => watts(v) },
    ],
    bands: [{ series: [2, 1], fill: 'rgba(43,108,176,0.2)' }],
    axes: [{ values: (u, splits) => splits.map(s => tick(s * 1000, (u.scales.x.max - u.scales.x.min) * 1000)), space: 70 },
      { values: (u, vals) => vals.map(v => watts(v)), size: 70 }],
    hooks: {
      drawClear: [u => drawBands(u)],
      draw: [u => {
        drawMarkers(u);
        if (renderStart) {
          chartDiv.dataset.renderMs = Math.round(performance.now() - renderStart);
          renderStart = 0;
        }
      }],
      setSelect: [u => {
        if (u.select.width > 2) {
          const from = Math.round(u.posToVal(u.select.left, 'x') * 1000), to = Math.round(u.posToVal(u.select.left + u.select.width, 'x') * 1000);
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          load(from, to);
        }
      }],
    },
  };
  // Zooming fetches the new range at a finer resolution; uPlot's own zoom is replaced by that.
  opts.cursor.drag.setScale = false;
  chart = new uPlot(opts, [[], [], [], []], chartDiv);

  async function load(from, to) {
    from = Math.max(extent.from - 3600000, Math.round(from));
    to = Math.round(to);
    if (to - from < 60000) to = from + 60000;
    const mine = ++loading;
    renderStart = performance.now();
    chartDiv.dataset.loading = 'true';
    const points = Math.min(4000, 2 * Math.round(chart.bbox.width / devicePixelRatio));
    const [trace, m] = await Promise.all([
      api(`trace?id=${encodeURIComponent(id)}&from=${from}&to=${to}&points=${points}`),
      api(`markers?id=${encodeURIComponent(id)}&from=${from}&to=${to}`),
    ]);
    if (mine !== loading) return;
    view.from = from;
    view.to = to;
    markers = m;
    chartDiv.dataset.points = trace.t.length;
    chartDiv.dataset.source = trace.source;
    chartDiv.dataset.from = from;
    chartDiv.dataset.to = to;
    document.getElementById('resolution').textContent = (trace.source === 'power_samples' ? 'readings' : '1-min intervals')
      + ', ' + duration(trace.bucketMs) + ' buckets (min, mean, max)' + (m.eventsShown ? '' : '; zoom to 3 days or less for load events');
    chart.batch(() => {
      chart.setData([trace.t.map(t => t / 1000), trace.lo, trace.hi, trace.mean], false);
      chart.setScale('x', { min: from / 1000, max: to / 1000 });
    });
    lists();
    history.replaceState(null, '', `#/meter/${encodeURIComponent(id)}?from=${from}&to=${to}`);
    chartDiv.dataset.loading = 'false';
  }

  function lists() {
    const TABLE_ROWS = 200;
    document.getElementById('runs').innerHTML = markers.runs.length === 0 ? '<p class="muted">No run in view.</p>'
      : (markers.runs.length > TABLE_ROWS ? `<p class="muted">The first ${TABLE_ROWS} of ${markers.runs.length} runs; zoom in for the others.</p>` : '')
      + `<table id="run-table"><tr><th>Start</th><th class="num">Duration</th><th class="num">Mean power</th><th class="num">Wh</th><th>Appliance</th><th>Status</th></tr>
         ${markers.runs.slice(0, TABLE_ROWS).map((r, i) => `<tr class="clickable" data-run="${i}"><td>${when(r.startMs)}</td><td class="num">${duration(r.durationMs)}</td>
         <td class="num">${watts(r.meanPowerW)}</td><td class="num">${num(r.energyKwh * 1000, 0)}</td><td>${esc(applianceOf(r))}</td><td>${esc(r.status)}</td></tr>`).join('')}</table>`;
    document.querySelectorAll('#run-table tr.clickable').forEach(tr =>
      tr.addEventListener('click', () => select('run', markers.runs[Number(tr.dataset.run)], tr)));
    const items = markers.alerts.map(a => ({ ...a, what: 'alert' })).concat(markers.anomalies.map(a => ({ ...a, what: 'anomaly' })));
    document.getElementById('anomalies').innerHTML = items.length === 0 ? '<p class="muted">No anomaly in view.</p>'
      : `<table id="anomaly-table"><tr><th></th><th>Kind</th><th>From</th><th>Severity</th><th>Explanation</th></tr>
         ${items.map(a => `<tr><td>${a.what === 'alert' ? '<span class="badge ' + esc(a.status) + '">alert ' + esc(a.status) + '</span>' : 'anomaly'}</td>
         <td>${esc(a.kind)}</td><td>${when(a.startMs)}</td><td><span class="badge ${esc(a.severity)}">${esc(a.severity)}</span></td>
         <td class="explanation">${esc(a.explanation)}</td></tr>`).join('')}</table>`;
  }

  /** A run's appliance as the household named it, or the recurring unknown load it belongs to. */
  function applianceOf(r) {
    if (r.appliance == null) return '';
    if (r.appliance !== 'unknown') return r.appliance;
    return r.deviceCluster == null ? 'unknown' : 'unknown load #' + r.deviceCluster;
  }

  function select(kind, item, row) {
    document.querySelectorAll('tr.selected').forEach(tr => tr.classList.remove('selected'));
    if (row) row.classList.add('selected');
    const details = document.getElementById('details');
    details.className = '';
    details.dataset.kind = kind;
    if (kind === 'run') {
      details.innerHTML = `<b>Appliance run</b> ${when(item.startMs)} – ${when(item.endMs)} (${duration(item.durationMs)}):
        ${watts(item.meanPowerW)} on average, ${num(item.energyKwh * 1000, 0)} Wh; switched on by ${watts(item.onDeltaW)},
        off by ${item.offDeltaW == null ? '—' : watts(item.offDeltaW)} (${esc(item.status)})${item.appliance == null ? '' : '; ' + esc(applianceOf(item))
        + (item.confidence == null ? '' : ' (confidence ' + num(item.confidence, 2) + ')')}.`;
    } else {
      details.innerHTML = `<b>Load event</b> at ${when(item.timestampMs)} (${esc(item.detector)}): ${item.deltaActivePowerW >= 0 ? '+' : ''}${watts(item.deltaActivePowerW)},
        from ${watts(item.levelBeforeW)} to ${watts(item.levelAfterW)}${item.transientPeakW ? ', inrush peak ' + watts(item.transientPeakW) : ''}.${item.appliance ? ` The ${esc(item.appliance)} switching ${item.deltaActivePowerW >= 0 ? 'on' : 'off'}.` : ''}`;
    }
  }

  chart.over.addEventListener('click', ev => {
    if (chart.select.width > 2) return;
    // Marker boxes are in canvas CSS pixels; the click is relative to the plot area inside it.
    const x = ev.offsetX + chart.bbox.left / devicePixelRatio, y = ev.offsetY + chart.bbox.top / devicePixelRatio;
    const run = markers.runs.find(r => r._box && x >= r._box[0] - 2 && x <= r._box[0] + r._box[2] + 2
      && y >= r._box[1] - 3 && y <= r._box[1] + r._box[3] + 3);
    if (run) return select('run', run);
    const event = markers.events.filter(e => e._x != null && Math.abs(e._x - x) <= 6)
      .sort((a, b) => Math.abs(a._x - x) - Math.abs(b._x - x))[0];
    if (event) select('event', event);
  });

  document.querySelectorAll('button[data-span]').forEach(b => b.addEventListener('click', () => {
    const span = Number(b.dataset.span), centre = (view.from + view.to) / 2;
    const to = Math.min(extent.to, centre + span / 2);
    load(Math.max(extent.from, to - span), to).catch(showError);
  }));
  document.getElementById('all').addEventListener('click', () => load(extent.from, extent.to).catch(showError));
  document.getElementById('back').addEventListener('click', () => { const s = view.to - view.from; load(view.from - s / 2, view.to - s / 2).catch(showError); });
  document.getElementById('forward').addEventListener('click', () => { const s = view.to - view.from; load(view.from + s / 2, view.to + s / 2).catch(showError); });

  // A handle on what is drawn, for the browser test and for anyone poking at the page in a console.
  window.wattflowMeter = { chart, view, markers: () => markers, load };
  await load(view.from, view.to);
  // Live: while the view shows the newest data, new rows committed by the job move it along.
  every(5000, async () => {
    const latest = await api('meter?id=' + encodeURIComponent(id));
    if (latest.lastMs > extent.to && document.getElementById('follow').checked && view.to >= extent.to) {
      const span = view.to - view.from;
      extent.to = latest.lastMs;
      await load(extent.to - span, extent.to);
    }
    extent.to = Math.max(extent.to, latest.lastMs);
  });
}

// The NILM model's estimates from the whole-house meter: energy per appliance, then its latest runs ("kettle, 2.9 kW, 3 min").
function appliancesTables(meter) {
  const label = name => name.replace('_', ' ');
  const shares = meter.appliances || [];
  document.getElementById('appliances').innerHTML = shares.length === 0
    ? '<p class="muted">No estimate yet (appliance disaggregation needs 1-min data and about 4 hours of it).</p>'
    : `<table id="appliance-energy"><tr><th>Appliance</th><th class="num">kWh</th><th class="num">Share</th><th class="num">Days</th></tr>${shares.map(a =>
        `<tr><td>${esc(label(a.appliance))}</td><td class="num">${num(a.kwh, 2)}</td><td class="num">${a.share == null ? '—' : Math.round(100 * a.share) + ' %'}</td>
         <td class="num">${a.days}</td></tr>`).join('')}</table>`;
  const runs = meter.activations || [];
  document.getElementById('activations').innerHTML = runs.length === 0 ? '<p class="muted">None found yet.</p>'
    : `<table id="appliance-activations"><tr><th>Appliance</th><th>Start</th><th class="num">Peak</th><th class="num">Duration</th><th class="num">Wh</th>
       <th class="num">Confidence</th></tr>${runs.map(r => `<tr><td>${esc(label(r.appliance))}</td><td>${when(r.startMs)}</td>
       <td class="num">${watts(r.peakW)}</td><td class="num">${duration(r.endMs - r.startMs)}</td><td class="num">${num(r.energyWh, 0)}</td>
       <td class="num">${Math.round(100 * r.confidence)} %</td></tr>`).join('')}</table>`;
}

/** The meter's recurring unknown loads (name one with a label of its device number) and its cycling devices' health alerts. */
function devicesTables(meter) {
  const found = meter.newDevices || [];
  document.getElementById('new-devices').innerHTML = found.length === 0 ? '<p class="muted">None found yet.</p>'
    : `<table id="new-device-table"><tr><th class="num">Device</th><th>Found</th><th>What it looks like</th></tr>${found.map(d => `<tr>
       <td class="num">#${d.deviceCluster}</td><td>${when(d.detectedAtMs)}</td><td>${esc(d.description)}</td></tr>`).join('')}</table>`;
  const health = meter.deviceHealth || [];
  document.getElementById('device-health').innerHTML = health.length === 0 ? '<p class="muted">No cycling device behaving worse than before.</p>'
    : `<table id="device-health-table"><tr><th>Day</th><th>Kind</th><th>Explanation</th></tr>${health.map(a => `<tr>
       <td>${esc(a.day)}</td><td>${esc(a.kind.replaceAll('_', ' '))}</td><td class="explanation">${esc(a.explanation)}</td></tr>`).join('')}</table>`;
}

function routineCard(meter) {
  const week = (meter.weeks || []).slice(-1)[0];
  if (!week) return '<div class="card">Routine<b>—</b><span class="muted">after a week</span></div>';
  return `<div class="card" id="routine-card">Routine, week of ${esc(week.weekStart)}<b>cluster ${week.dominantCluster}</b>
    <span class="muted">${Math.round(100 * week.share)} % of ${week.days} days${week.changed ? ' · <span class="badge open">changed</span> (was ' + week.previousCluster + ')' : ''}</span></div>`;
}

function forecastCard(meter) {
  const next = (meter.nextDays || [])[0];
  if (!next) return '<div class="card">Forecast<b>—</b><span class="muted">after the first day</span></div>';
  return `<div class="card" id="forecast-card">Forecast ${new Intl.DateTimeFormat('en-GB', { timeZone: config.zone, day: '2-digit', month: 'short' }).format(new Date(next.targetStartMs))}
    <b>${num(next.p50Kwh, 1)} kWh</b><span class="muted">p10–p90 ${num(next.p10Kwh, 1)}–${num(next.p90Kwh, 1)} kWh</span></div>`;
}

// ---------------------------------------------------------------- routing

async function route() {
  clearInterval(refreshTimer);
  if (chart) { chart.destroy(); chart = null; }
  const hash = location.hash || '#/';
  routed = hash.split('?')[0];
  const [path, query] = hash.slice(1).split('?');
  try {
    if (path.startsWith('/meter/')) {
      await meterPage(decodeURIComponent(path.slice('/meter/'.length)), new URLSearchParams(query || ''));
    } else if (path === '/alerts') {
      await alertsPage();
    } else {
      await meterList();
    }
    document.body.dataset.ready = path;
  } catch (e) {
    showError(e);
    document.body.dataset.ready = 'error';
  }
}

// A meter page rewrites its own address as the view moves (replaceState, no event); any other change is a new page.
let routed = null;
window.addEventListener('hashchange', () => {
  const path = location.hash.split('?')[0];
  if (path !== routed || !document.getElementById('chart')) route();
});
api('config').then(c => { config = c; route(); }).catch(showError);
