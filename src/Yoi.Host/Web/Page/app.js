// The Yoi Supervisor dashboard: plain JavaScript, no libraries. Everything live comes from server-sent events; when
// the stream breaks (the daemon restarted) it probes /api/fleet until it answers and subscribes again — the
// session cookie authenticates the new requests as it did the first ones.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  pods: new Map(),        // key (dialect:name) -> pod object of the last view
  resources: [],          // [{fds, conns}] one per fleet view, newest last
  selected: null,         // the pod name shown in the detail panel
  fleetStream: null,
  podStream: null,
  logStream: null,        // the EventSource of the selected managed pod's log (follow)
  logsFor: null,          // "name|stream|follow" the log view shows, null: to be (re)started
  retryMs: 250,
};
const MAX_RESOURCES = 180;
const MAX_EVENT_LINES = 500;
const MAX_LOG_LINES = 1000;
const LOG_TAIL_LINES = 200;

function setConn(kind, text) {
  const el = $('conn');
  el.className = 'conn conn-' + kind;
  el.textContent = text;
}

// ---------------- the fleet stream ----------------

function subscribe() {
  if (state.fleetStream) state.fleetStream.close();
  const es = new EventSource('/api/events');
  state.fleetStream = es;
  es.addEventListener('fleet', (e) => { state.retryMs = 250; setConn('live', 'live'); applyFleet(JSON.parse(e.data)); });
  es.addEventListener('cycle', (e) => applyFleet(JSON.parse(e.data)));
  es.addEventListener('change', (e) => applyChange(JSON.parse(e.data)));
  es.addEventListener('detached', () => reconnect());
  es.onerror = () => reconnect();
}

function reconnect() {
  if (state.fleetStream) { state.fleetStream.close(); state.fleetStream = null; }
  setConn('reconnecting', 'reconnecting…');
  setTimeout(probeAndSubscribe, state.retryMs);
  state.retryMs = Math.min(state.retryMs * 2, 3000);
}

async function probeAndSubscribe() {
  try {
    const r = await fetch('/api/fleet', { credentials: 'same-origin', cache: 'no-store' });
    if (r.status === 401) {
      setConn('login', 'login needed: run yoi-supervisor dashboard');
      setTimeout(probeAndSubscribe, 3000);
      return;
    }
    if (!r.ok) throw new Error('HTTP ' + r.status);
    applyFleet(await r.json());
    subscribe();
    if (state.selected) { watchPod(state.selected); state.logsFor = null; }
  } catch (err) {
    reconnect();
  }
}

function keyOf(pod) { return (pod.dialect || 'pod') + ':' + pod.name; }

function applyFleet(fleet) {
  const seen = new Set();
  for (const pod of fleet.pods) {
    const key = keyOf(pod);
    seen.add(key);
    state.pods.set(key, pod);
  }
  for (const key of [...state.pods.keys()]) if (!seen.has(key)) state.pods.delete(key);
  const s = fleet.supervisor;
  state.resources.push({ fds: s.open_fds, conns: s.open_connections });
  if (state.resources.length > MAX_RESOURCES) state.resources.shift();
  const bad = fleet.pods.filter((p) => p.outcome && p.outcome !== 'ok').length;
  $('summary').textContent = `${fleet.pods.length} pods · ${bad} not ok · cycle ${s.cycles} · pid ${s.pid}`;
  const err = $('registry-error');
  err.hidden = !fleet.registry_error;
  err.textContent = fleet.registry_error ? 'registry: ' + fleet.registry_error : '';
  render();
}

function applyChange(change) {
  const key = Object.keys(Object.fromEntries(state.pods)).find((k) => state.pods.get(k).name === change.pod);
  if (change.kind === 'pod_disappeared') { if (key) state.pods.delete(key); render(); return; }
  if (change.pod_state) { state.pods.set(keyOf(change.pod_state), change.pod_state); render(); return; }
  if (key && change.outcome) {
    const pod = state.pods.get(key);
    pod.outcome = change.outcome;
    pod.reachable = change.reachable;
    render();
  }
}

// ---------------- rendering ----------------

function render() {
  const body = document.querySelector('#fleet tbody');
  const pods = [...state.pods.values()].sort((a, b) => a.name.localeCompare(b.name));
  const hasManaged = pods.some((p) => p.managed);
  document.body.classList.toggle('has-managed', hasManaged);
  const rows = new Map([...body.rows].map((r) => [r.dataset.key, r]));
  let previous = null;
  for (const pod of pods) {
    const key = keyOf(pod);
    let row = rows.get(key);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.key = key;
      row.dataset.pod = pod.name;
      for (let i = 0; i < 9; i++) row.insertCell();
      row.cells[7].className = row.cells[8].className = 'managed-col';
      row.addEventListener('click', (e) => { if (!e.target.closest('button')) select(pod.name); });
    }
    rows.delete(key);
    fillRow(row, pod);
    const anchor = previous ? previous.nextSibling : body.firstChild;
    if (row !== anchor) body.insertBefore(row, anchor);
    previous = row;
  }
  for (const gone of rows.values()) gone.remove();
  renderResources();
  if (state.selected) renderDetailState();
}

function fillRow(row, pod) {
  const outcome = pod.outcome || 'unprobed';
  row.className = 'outcome-' + outcome + (pod.outcome ? '' : ' unprobed') + (state.selected === pod.name ? ' selected' : '');
  row.dataset.outcome = outcome;
  const c = row.cells;
  setText(c[0], pod.name + (pod.name_in_both_files ? ' (' + pod.dialect + ')' : ''));
  setText(c[1], outcome);
  c[1].className = 'outcome';
  setText(c[2], pod.status || '—');
  setText(c[3], pod.latency_ms == null ? '—' : pod.latency_ms.toFixed(1) + ' ms');
  c[3].className = 'num';
  const spark = sparkline(pod.recent_latencies_ms || []);
  if (c[4].dataset.spark !== spark) { c[4].innerHTML = spark; c[4].dataset.spark = spark; }
  setText(c[5], String(pod.consecutive_failures));
  c[5].className = 'num';
  setText(c[6], pod.last_change ? ago(pod.last_change) : '—');
  c[6].title = pod.last_change || '';
  if (pod.managed) {
    setText(c[7], pod.managed.state + (pod.managed.pid ? ' (pid ' + pod.managed.pid + ')' : ''));
    if (!c[8].firstChild) {
      for (const verb of ['start', 'stop', 'restart']) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = verb;
        b.className = 'verb-' + verb;
        b.addEventListener('click', () => managedVerb(pod.name, verb));
        c[8].appendChild(b);
      }
    }
  } else {
    setText(c[7], '');
    c[8].textContent = '';
  }
}

function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

function sparkline(values) {
  if (values.length === 0) return '';
  const w = 90, h = 18, max = Math.max(...values, 0.001);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(' ');
  return `<svg class="spark" viewBox="0 0 ${w} ${h}" aria-label="recent probe latencies"><polyline points="${pts}"/></svg>`;
}

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  return Math.round(s / 3600) + ' h ago';
}

function renderResources() {
  const r = state.resources;
  if (r.length === 0) return;
  const max = Math.max(...r.map((x) => Math.max(x.fds, x.conns)), 1);
  const line = (f) => r.map((x, i) => `${(i * 600 / Math.max(MAX_RESOURCES - 1, 1)).toFixed(1)},${(78 - (f(x) / max) * 74).toFixed(1)}`).join(' ');
  $('plot-fds').setAttribute('points', line((x) => x.fds));
  $('plot-conns').setAttribute('points', line((x) => x.conns));
  const last = r[r.length - 1];
  $('resources-now').textContent = ` — now ${last.fds} fds, ${last.conns} connections`;
}

// ---------------- one pod ----------------

function select(name) {
  if (state.selected !== name) stopLogs();
  state.selected = name;
  $('detail').hidden = false;
  $('detail-name').textContent = name;
  $('events').textContent = '';
  $('send-result').textContent = '';
  render();
  watchPod(name);
}

function renderDetailState() {
  const pod = [...state.pods.values()].find((p) => p.name === state.selected);
  $('detail-state').textContent = pod
    ? `${pod.outcome || 'unprobed'} · ${pod.status || 'no status'} · pid ${pod.pid} · ${pod.probes} probes · ${pod.detail || ''}`
    : 'not in the fleet any more';
  $('logs-section').hidden = !(pod && pod.managed);
  if (pod && pod.managed) wantLogs(pod.name);
  else stopLogs();
}

// ---------------- a managed pod's logs ----------------

function wantLogs(name) {
  const key = name + '|' + $('logs-stream').value + '|' + $('logs-follow').checked;
  if (state.logsFor !== key) startLogs(name, key);
}

function stopLogs() {
  if (state.logStream) { state.logStream.close(); state.logStream = null; }
  state.logsFor = null;
}

// The last lines of the chosen stream; with follow, then every line the pod writes (GET /api/pods/{name}/logs).
function startLogs(name, key) {
  stopLogs();
  state.logsFor = key;
  $('logs').textContent = '';
  const stream = $('logs-stream').value;
  const base = '/api/pods/' + encodeURIComponent(name) + '/logs?stream=' + stream + '&lines=' + LOG_TAIL_LINES;
  if ($('logs-follow').checked) {
    const es = new EventSource(base + '&follow=true');
    state.logStream = es;
    es.addEventListener('logs', (e) => { const d = JSON.parse(e.data); logLine(`— ${d.stream} of ${d.pod} (${d.path}), following`); });
    es.addEventListener('log_line', (e) => logLine(JSON.parse(e.data).line));
    es.addEventListener('detached', (e) => { const d = JSON.parse(e.data); logLine('— detached: ' + d.reason + (d.detail ? ' (' + d.detail + ')' : '')); es.close(); });
    es.onerror = () => {
      es.close();
      if (state.logStream === es) { state.logStream = null; logLine('— log stream closed; following again when the fleet is back'); }
    };
    return;
  }
  fetch(base, { credentials: 'same-origin', cache: 'no-store' }).then(async (r) => {
    const answer = await r.json().catch(() => ({}));
    if (state.logsFor !== key) return;
    if (!r.ok) { logLine('! ' + (answer.code || r.status) + ': ' + (answer.detail || r.statusText)); return; }
    logLine(`— the last ${answer.lines.length} lines of ${answer.stream} (${answer.path})`);
    for (const line of answer.lines) logLine(line);
  }).catch((err) => logLine('! ' + err.message));
}

function logLine(text) {
  const pre = $('logs');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.appendChild(document.createTextNode(text + '\n'));
  while (pre.childNodes.length > MAX_LOG_LINES) pre.removeChild(pre.firstChild);
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

function watchPod(name) {
  if (state.podStream) state.podStream.close();
  const es = new EventSource('/api/pods/' + encodeURIComponent(name) + '/events');
  state.podStream = es;
  es.addEventListener('attached', () => logEvent('— attached to ' + name));
  es.addEventListener('pod_event', (e) => logEvent(formatPodEvent(JSON.parse(e.data))));
  es.addEventListener('undecodable', (e) => { const d = JSON.parse(e.data); logEvent(`! undecodable line at byte ${d.offset}: ${d.reason}`); });
  es.addEventListener('sent', (e) => logEvent('→ sent ' + JSON.parse(e.data).method));
  es.addEventListener('detached', (e) => { const d = JSON.parse(e.data); logEvent('— detached: ' + d.reason + (d.detail ? ' (' + d.detail + ')' : '')); es.close(); });
  es.onerror = () => {
    es.close();
    if (state.podStream === es) { state.podStream = null; logEvent('— stream closed; reattaching when the fleet is back'); }
  };
}

function formatPodEvent(d) {
  let payload = '';
  try {
    const line = JSON.parse(d.line);
    const data = line.data === undefined ? '' : JSON.stringify(line.data);
    payload = data.length > 300 ? data.slice(0, 300) + '…' : data;
  } catch (err) {
    payload = d.line;
  }
  const t = new Date().toLocaleTimeString();
  return `${t} ${d.event} ${payload}`;
}

function logEvent(text) {
  const pre = $('events');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.appendChild(document.createTextNode(text + '\n'));
  while (pre.childNodes.length > MAX_EVENT_LINES) pre.removeChild(pre.firstChild);
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

async function send(bodyText) {
  const result = $('send-result');
  result.className = '';
  let parsed;
  try {
    parsed = JSON.parse(bodyText);
  } catch (err) {
    result.className = 'bad';
    result.textContent = 'not JSON: ' + err.message;
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof parsed.method !== 'string') {
    result.className = 'bad';
    result.textContent = 'a method is an object with a "method" string, e.g. {"method":"cancel"}';
    return;
  }
  result.textContent = 'sending…';
  const r = await fetch('/api/pods/' + encodeURIComponent(state.selected) + '/send', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: bodyText,
  });
  const answer = await r.json().catch(() => ({}));
  if (r.ok) { result.className = 'good'; result.textContent = 'sent ' + answer.method; }
  else { result.className = 'bad'; result.textContent = (answer.code || r.status) + ': ' + (answer.detail || r.statusText); }
}

async function managedVerb(name, verb) {
  const r = await fetch('/api/pods/' + encodeURIComponent(name) + '/' + verb, { method: 'POST', credentials: 'same-origin' });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) alert(`${verb} ${name}: ${answer.detail || r.statusText}`);
}

// ---------------- wiring ----------------

$('send-form').addEventListener('submit', (e) => { e.preventDefault(); send($('send-body').value); });
for (const b of document.querySelectorAll('button.quick')) {
  b.addEventListener('click', () => { const body = JSON.stringify({ method: b.dataset.method }); $('send-body').value = body; send(body); });
}
$('detail-close').addEventListener('click', () => {
  state.selected = null;
  if (state.podStream) { state.podStream.close(); state.podStream = null; }
  stopLogs();
  $('detail').hidden = true;
  render();
});
for (const id of ['logs-stream', 'logs-follow']) $(id).addEventListener('change', () => { state.logsFor = null; render(); });
setInterval(() => { for (const row of document.querySelectorAll('#fleet tbody tr')) { const pod = [...state.pods.values()].find((p) => keyOf(p) === row.dataset.key); if (pod && pod.last_change) setText(row.cells[6], ago(pod.last_change)); } }, 5000);
probeAndSubscribe();
