// The status page: reads GET /v1/status and /v1/events with the token kept in this tab's
// sessionStorage, sent as a bearer header, and follows GET /v1/events/stream with fetch (an
// EventSource cannot send a header). Every value from the agent is inserted with textContent,
// never as HTML: names, images, messages and logs come from git, podman and containers.
'use strict';

const KEY = 'mcp.token';
const MAX_EVENTS = 300;
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem(KEY);
let lastEventId = null;
let streamAbort = null;
let refreshTimer = null;
let retryTimer = null;
let tickTimer = null;
// The agent's clock minus this browser's, from the last status: a countdown is the agent's.
let skew = 0;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

class Refused extends Error {}

// A request the browser could not complete (fetch's TypeError) is sent again twice, half a second
// apart: Chromium drops every request in flight when this machine's network changes (a container
// runtime adds or removes an interface each time a container starts or stops: ERR_NETWORK_CHANGED),
// and every request of this page only reads.
async function fetchAgain(path, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(path, init);
    } catch (e) {
      if (!(e instanceof TypeError) || attempt === 3 || (init.signal && init.signal.aborted)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function api(path, extra) {
  const res = await fetchAgain(path, Object.assign({
    headers: Object.assign({ Authorization: 'Bearer ' + token }, (extra && extra.headers) || {}),
    cache: 'no-store', credentials: 'omit',
  }, extra && extra.signal ? { signal: extra.signal } : {}));
  if (res.status === 401 || res.status === 403) {
    let message = 'HTTP ' + res.status;
    try { message = (await res.json()).message || message; } catch (e) { /* not JSON */ }
    throw new Refused(message);
  }
  if (!res.ok && !(extra && extra.stream)) {
    let message = 'HTTP ' + res.status;
    try { message = (await res.json()).message || message; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

function showLogin(message) {
  stopAll();
  sessionStorage.removeItem(KEY);
  token = null;
  $('page').hidden = true;
  $('forget').hidden = true;
  $('banner').hidden = true;
  $('login').hidden = false;
  const m = $('login-message');
  m.hidden = !message;
  m.textContent = message ? 'The agent refused this token: ' + message : '';
  $('token').value = '';
  $('token').focus();
  setLive('not connected', 'muted');
}

function banner(text) {
  $('banner').hidden = !text;
  $('banner').textContent = text || '';
}

function setLive(text, cls) {
  $('live').textContent = text;
  $('live').className = 'badge ' + cls;
}

function stopAll() {
  if (streamAbort) streamAbort.abort();
  streamAbort = null;
  clearInterval(refreshTimer);
  clearInterval(tickTimer);
  clearTimeout(retryTimer);
}

async function startPage() {
  $('login').hidden = true;
  $('forget').hidden = false;
  try {
    await refresh();
    await loadEvents();
  } catch (e) {
    if (e instanceof Refused) { showLogin(e.message); return; }
    banner('Cannot reach the agent: ' + e.message + ' (retrying)');
    retryTimer = setTimeout(startPage, 5000);
    return;
  }
  $('page').hidden = false;
  refreshTimer = setInterval(() => refresh().catch(failed), 15000);
  tickTimer = setInterval(tick, 1000);
  follow();
}

function failed(e) {
  if (e instanceof Refused) showLogin(e.message);
  else banner('Cannot reach the agent: ' + e.message + ' (retrying)');
}

// ---- status ----

async function refresh() {
  const status = await (await api('/v1/status')).json();
  banner(null);
  if (status.at && !isNaN(new Date(status.at))) skew = new Date(status.at).getTime() - Date.now();
  renderStatus(status);
}

let pending = null;
function refreshSoon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; refresh().catch(failed); }, 400);
}

function short(commit) {
  return commit ? String(commit).slice(0, 7) : '';
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 120) return s + 's';
  if (s < 7200) return Math.floor(s / 60) + 'm';
  if (s < 172800) return Math.floor(s / 3600) + 'h';
  return Math.floor(s / 86400) + 'd';
}

// A value of any shape as one line of text: objects (a typed condition, a rollout, a suspension)
// lead with their kind or phase, then their other fields; new fields show up without a change here.
function describe(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map(describe).join(', ');
  const lead = v.kind || v.phase || v.state || '';
  const rest = Object.keys(v).filter((k) => v[k] !== null && v[k] !== '' && v[k] !== false
      && !(lead && (k === 'kind' || k === 'phase' || k === 'state')))
    .map((k) => k.replace(/_/g, ' ') + ': ' + describe(v[k]));
  return [lead, rest.join('; ')].filter((s) => s).join(' — ');
}

const BAD = /^(failed|crash_loop|crash-loop|unhealthy|conflict|quarantined|rolled_back|exited|dead|error)/;
const WARN = /^(drift|out_of_sync|out-of-sync|suspended|inactive|deploying|soaking|starting|stopped|created|paused)/;
function tone(text) {
  const t = String(text || '').toLowerCase();
  if (BAD.test(t)) return 'bad';
  if (WARN.test(t)) return 'warn';
  return '';
}

const SERVICE_SHOWN = new Set(['name', 'components', 'active', 'deploy', 'desired_commit',
  'applied_commit', 'applied_at', 'drift', 'out_of_sync', 'error', 'error_since', 'condition',
  'rollout']);

// ---- rollout (DESIGN.md, "Rollout"): the words of mcp status and of the CLI's waits ----

function duration(seconds) {
  const t = Math.max(0, Math.floor(seconds));
  const d = Math.floor(t / 86400), h = Math.floor(t % 86400 / 3600);
  const m = Math.floor(t % 3600 / 60), s = t % 60;
  if (d > 0) return d + 'd' + (h > 0 ? h + 'h' : '');
  if (h > 0) return h + 'h' + (m > 0 ? m + 'm' : '');
  if (m > 0) return m + 'm' + (s > 0 ? s + 's' : '');
  return s + 's';
}

// "soaking (1m12s left)", "deploying (health gate, 20s left)": the time left by the agent's clock.
function progress(r) {
  const word = r.phase === 'soaking' ? 'soaking' : 'deploying (health gate';
  const until = r.until ? new Date(r.until).getTime() : NaN;
  const left = isNaN(until) ? '' : duration((until - (Date.now() + skew)) / 1000) + ' left';
  if (r.phase === 'soaking') return left ? word + ' (' + left + ')' : word;
  return word + (left ? ', ' + left : '') + ')';
}

// What a service's rollout says, or null when it has nothing to say (none, or passed).
function rollout(r) {
  if (!r || !r.phase || r.phase === 'passed') return null;
  const reason = r.reason || 'no reason given';
  const age = r.since ? ' (' + ago(r.since) + ' ago)' : '';
  switch (r.phase) {
    case 'deploying':
    case 'soaking':
      return { text: progress(r), tone: 'warn', until: r.until };
    case 'rolled_back':
      return { text: 'rolled back' + age + ': ' + reason
        + (r.failed_commit ? '; ' + short(r.failed_commit) + ' quarantined' : '')
        + (r.commit ? ', running ' + short(r.commit) : ''), tone: 'bad' };
    case 'failed': {
      const subject = short(r.failed_commit || r.commit);
      // A rollback that failed names the commit it went back to; the agent's reason says so.
      const then = r.failed_commit && r.commit && r.failed_commit !== r.commit;
      return { text: 'rollout of ' + subject + ' failed' + age + (then ? ', then ' : ': ') + reason,
        tone: 'bad' };
    }
    case 'abandoned':
      return { text: 'abandoned' + age + ': ' + reason, tone: 'warn' };
    default:
      return { text: describe(r), tone: tone(r.phase) };
  }
}

// Once a second: the countdowns move; one that reaches its end asks once for the agent's verdict.
const verdictAsked = new Set();
function tick() {
  for (const e of document.querySelectorAll('[data-rollout-until]')) {
    const r = { phase: e.dataset.rolloutPhase, until: e.dataset.rolloutUntil };
    e.textContent = progress(r);
    const key = e.closest('tr').dataset.service + ' ' + r.until;
    if (new Date(r.until).getTime() <= Date.now() + skew && !verdictAsked.has(key)) {
      verdictAsked.add(key);
      setTimeout(refreshSoon, 2500); // the agent looks at a soaking service every 2 s
    }
  }
}
const COMPONENT_SHOWN = new Set(['name', 'container', 'desired_image', 'desired_spec_hash',
  'desired_running', 'applied_image', 'applied_spec_hash', 'applied_commit', 'applied_at',
  'observed_state', 'observed_status', 'observed_image', 'observed_spec_hash', 'container_id',
  'started_at', 'managed', 'health', 'drift', 'out_of_sync', 'condition', 'condition_kind',
  'condition_detail']);

// The fields this page has no column for (rollout, suspension, retries, …), as "name: value".
function extras(obj, shown) {
  return Object.keys(obj).filter((k) => !shown.has(k) && obj[k] !== null && obj[k] !== false
      && !(Array.isArray(obj[k]) && obj[k].length === 0))
    .map((k) => k.replace(/_/g, ' ') + ': ' + describe(obj[k])).join('\n');
}

function cell(tr, text, cls) {
  const td = el('td', text, cls);
  tr.appendChild(td);
  return td;
}

function renderStatus(s) {
  $('node').textContent = s.node ? '— node ' + s.node : '';
  document.title = 'mcp ' + (s.node || '') + (s.healthy ? '' : ' (problems)');
  $('health').textContent = s.healthy ? 'healthy' : 'needs attention';
  $('health').className = 'badge ' + (s.healthy ? 'ok' : 'bad');
  renderSource(s);
  const body = $('services').querySelector('tbody');
  body.replaceChildren();
  const services = s.services || [];
  $('no-services').hidden = services.length > 0;
  for (const svc of services) {
    const tr = el('tr', null, 'service');
    tr.dataset.service = svc.name;
    cell(tr, svc.name);
    let r = rollout(svc.rollout);
    // A failure is told once, as mcp status does: a failed rollout whose component already says
    // failed by that component; a rollback (its components say quarantined) in its own words.
    const componentFailed = (svc.components || []).some((c) => /^failed/.test(componentCondition(c)));
    if (r && svc.rollout.phase === 'failed' && componentFailed) r = null;
    const told = r && svc.rollout.phase === 'rolled_back';
    const state = svc.error ? 'failed: ' + svc.error
      : describe(svc.condition) || (told ? '' : problems(svc)) || (svc.drift ? 'drift'
        : svc.out_of_sync ? 'out_of_sync' : svc.active === false ? 'inactive' : 'ok');
    const worst = (svc.components || []).map((c) => tone(componentCondition(c)));
    const serviceTone = tone(state) || (worst.includes('bad') ? 'bad' : worst.includes('warn') ? 'warn' : '');
    const condition = cell(tr, null, 'message');
    if (r) {
      const line = el('div', r.text, 'rollout ' + r.tone);
      if (r.until) {
        line.dataset.rolloutUntil = r.until;
        line.dataset.rolloutPhase = svc.rollout.phase;
      }
      condition.appendChild(line);
    }
    if (!r || state !== 'ok') condition.appendChild(el('div', state, serviceTone));
    cell(tr, svc.deploy === 'manual' ? 'deploy: manual' : '');
    cell(tr, '');
    cell(tr, svc.applied_at ? 'applied ' + ago(svc.applied_at) + ' ago' : '');
    cell(tr, '');
    cell(tr, short(svc.applied_commit) + (svc.desired_commit && svc.desired_commit !== svc.applied_commit
      ? ' → ' + short(svc.desired_commit) : ''), 'commit');
    cell(tr, extras(svc, SERVICE_SHOWN), 'more ' + (svc.suspended ? 'warn' : ''));
    body.appendChild(tr);
    for (const c of svc.components || []) body.appendChild(componentRow(svc, c));
  }
}

// The typed condition as mcp status says it ("failed: created …"); the one-string `condition`
// ("failed:created …") only from an agent older than condition_kind, with the space put back.
function componentCondition(c) {
  const typed = c.condition_kind && c.condition_kind !== 'ok'
    ? c.condition_kind + (c.condition_detail ? ': ' + c.condition_detail : '')
    : typeof c.condition === 'string' ? c.condition.replace(/^([a-z_-]+):(?=\S)/, '$1: ')
    : describe(c.condition);
  return typed || (c.drift ? 'drift' : c.out_of_sync ? 'out_of_sync'
    : c.health === 'unhealthy' ? 'unhealthy' : 'ok');
}

// A service whose components are not all ok says which, worst first, so that a glance at the
// service rows is enough.
function problems(svc) {
  const bad = (svc.components || []).map((c) => [c.name, componentCondition(c)])
    .filter(([, cond]) => cond !== 'ok');
  bad.sort((x, y) => (tone(y[1]) === 'bad') - (tone(x[1]) === 'bad'));
  return bad.map(([name, cond]) => name + ': ' + cond).join('; ');
}

function componentRow(svc, c) {
  const tr = el('tr', null, 'component');
  tr.dataset.service = svc.name;
  tr.dataset.component = c.name;
  cell(tr, c.name);
  const condition = componentCondition(c);
  cell(tr, condition, 'message ' + tone(condition));
  const state = c.observed_state || 'no container';
  cell(tr, state, tone(state) || (state === 'running' ? 'ok' : ''));
  cell(tr, c.health || '', c.health === 'unhealthy' ? 'bad' : c.health === 'healthy' ? 'ok' : '');
  cell(tr, c.observed_state === 'running' && c.started_at ? ago(c.started_at) : '');
  cell(tr, c.observed_image || c.applied_image || c.desired_image || '', 'mono');
  cell(tr, short(c.applied_commit), 'commit');
  const more = cell(tr, extras(c, COMPONENT_SHOWN), 'more');
  if (c.container_id || c.observed_state) {
    const b = el('button', 'logs');
    b.type = 'button';
    b.addEventListener('click', () => showLogs(svc.name, c.name));
    if (more.textContent) more.appendChild(document.createTextNode('\n'));
    more.appendChild(b);
  }
  return tr;
}

function renderSource(s) {
  const src = s.source || {};
  const dl = $('source');
  dl.replaceChildren();
  const row = (name, value, cls) => {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', name));
    dl.appendChild(el('dd', value, cls));
  };
  row('location', [src.location, src.branch].filter((x) => x).join(' @ '), 'mono');
  row('fetched commit', short(src.fetched_commit), 'mono');
  row('applied commit', short(src.applied_commit), 'mono');
  row('last fetch', src.last_fetch_at ? when(src.last_fetch_at) + ' (' + ago(src.last_fetch_at) + ' ago)' : 'never');
  row('last success', when(src.last_success_at));
  if (src.error) {
    row('error', (src.error_kind ? src.error_kind + ': ' : '') + src.error
      + (src.error_since ? ' (failing since ' + when(src.error_since) + ')' : ''), 'bad');
  }
  row('last reconcile', s.last_reconcile_at ? when(s.last_reconcile_at) + ' (' + ago(s.last_reconcile_at) + ' ago)' : 'not yet');
  if (s.last_reconcile_error) row('reconcile error', s.last_reconcile_error, 'bad');
  const known = new Set(['location', 'branch', 'fetched_commit', 'applied_commit', 'last_fetch_at',
    'last_success_at', 'error', 'error_since', 'error_kind']);
  const more = extras(src, known);
  if (more) row('more', more);
}

async function showLogs(service, component) {
  $('logs-section').hidden = false;
  $('logs-title').textContent = service + '/' + component;
  $('logs').textContent = 'loading…';
  try {
    const res = await api('/v1/services/' + encodeURIComponent(service) + '/logs?tail=200&component='
      + encodeURIComponent(component));
    const body = await res.json();
    $('logs').textContent = body.text || '(no output)';
  } catch (e) {
    if (e instanceof Refused) { showLogin(e.message); return; }
    $('logs').textContent = 'Could not read the logs: ' + e.message;
  }
}

// ---- events ----

async function loadEvents() {
  const body = await (await api('/v1/events?limit=100')).json();
  const tbody = $('events').querySelector('tbody');
  tbody.replaceChildren();
  const events = body.events || [];
  for (const e of events) tbody.appendChild(eventRow(e, false));
  lastEventId = events.length ? events[0].id : 0;
}

function eventRow(e, fresh) {
  const tr = el('tr', null, fresh ? 'event-new' : '');
  tr.dataset.id = e.id;
  cell(tr, when(e.at), 'time');
  cell(tr, (e.service || '-') + (e.component ? '/' + e.component : ''));
  cell(tr, e.kind, tone(e.kind));
  cell(tr, short(e.commit), 'commit');
  cell(tr, e.message, 'message');
  return tr;
}

function addEvent(e) {
  if (lastEventId !== null && e.id <= lastEventId) return;
  lastEventId = e.id;
  const tbody = $('events').querySelector('tbody');
  tbody.insertBefore(eventRow(e, true), tbody.firstChild);
  while (tbody.children.length > MAX_EVENTS) tbody.removeChild(tbody.lastChild);
  refreshSoon();
}

async function follow() {
  const controller = new AbortController();
  streamAbort = controller;
  try {
    const headers = lastEventId !== null ? { 'Last-Event-ID': String(lastEventId) } : {};
    const res = await api('/v1/events/stream', { headers, signal: controller.signal, stream: true });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    setLive('live', 'ok');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).replace(/^ /, '')).join('\n');
        if (data) addEvent(JSON.parse(data));
      }
    }
    throw new Error('the stream ended');
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e instanceof Refused) { showLogin(e.message); return; }
    setLive('reconnecting…', 'warn');
    retryTimer = setTimeout(follow, 3000);
  }
}

// ---- start ----

document.addEventListener('DOMContentLoaded', () => {
  $('loading').hidden = true;
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(KEY, token);
    startPage();
  });
  $('forget').addEventListener('click', () => showLogin(null));
  $('logs-close').addEventListener('click', () => { $('logs-section').hidden = true; });
  if (token) startPage(); else showLogin(null);
});
