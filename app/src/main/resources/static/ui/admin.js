import { api, el, fmtBytes, header, keepFirstKey } from './app.js';

header('/admin.html');
const $ = (x) => document.getElementById(x);
const status = $('status');
const config = await fetch('/ui/config.json').then((r) => r.json());

function chart(canvas, datasets) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels: [], datasets: datasets.map((label) => ({ label, data: [], tension: 0.2 })) },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } } },
  });
}
const rates = chart($('c-rate'), ['uploads / min', 'renditions / min']);
const renderTime = chart($('c-render'), ['mean render time (ms)']);
const MINUTES = 30;
// Per minute, so asked for less often than the queue: each answer reads the window's events.
const ACTIVITY_POLL = Math.max(15000, config.adminPollMillis);

/**
 * The last minutes of the whole service, from its event log (GET /v1/admin/activity): whichever process
 * answers, and however many processes upload and render. A minute not wholly read is left blank.
 */
async function activity() {
  const a = await api('/v1/admin/activity?minutes=' + MINUTES);
  const labels = a.minutes.map((m) => new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  const known = (f) => a.minutes.map((m) => (m.complete ? f(m) : null));
  rates.data.labels = labels;
  rates.data.datasets[0].data = known((m) => m.uploads);
  rates.data.datasets[1].data = known((m) => m.renditions);
  rates.update();
  renderTime.data.labels = labels;
  renderTime.data.datasets[0].data = known((m) => m.meanRenderMs);
  renderTime.update();
  $('activity-note').textContent = a.truncated ? 'Busy: the earliest minutes hold more events than are read; they are left blank.' : '';
}

async function queues() {
  const q = await api('/v1/admin/queues');
  const total = (k) => q.queues.reduce((a, x) => a + (x[k] || 0), 0);
  $('m-depth').textContent = total('depth');
  $('m-inflight').textContent = total('inFlight');
  $('m-dead').textContent = total('dead');
  $('m-oldest').textContent = Math.max(0, ...q.queues.map((x) => x.oldestAgeSeconds || 0));
}

async function dead() {
  const d = await api('/v1/admin/dead-letters');
  const body = $('dead');
  body.replaceChildren();
  if (!d.items.length) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No dead letters.' })));
  for (const j of d.items) {
    body.append(el('tr', { 'data-job': j.id },
      el('td', { text: j.id }),
      el('td', {}, el('a', { href: '/image.html?id=' + encodeURIComponent(j.imageId), text: j.imageId })),
      el('td', { text: j.attempts }),
      el('td', { text: j.lastError || '' }),
      el('td', { text: j.diedAt ? new Date(j.diedAt).toLocaleString() : '' }),
      el('td', {}, el('button', { type: 'button', 'aria-label': 'Redrive job ' + j.id, text: 'Redrive',
        onclick: () => redrive({ ids: [j.id] }) }))));
  }
}

async function redrive(body) {
  try {
    const r = await api('/v1/admin/dlq/redrive', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) });
    status.textContent = `${r.redriven} job(s) redriven.`;
    status.className = 'ok';
  } catch (e) {
    status.textContent = e.message; status.className = 'error';
  }
  refresh();
}
$('redrive-all').addEventListener('click', () => redrive({ all: true }));

async function refresh() {
  try {
    await Promise.all([queues(), dead()]);
    if (status.className === 'error') { status.textContent = ''; status.className = 'muted'; }
  } catch (e) {
    status.textContent = e.status === 401 || e.status === 403 ? 'This page needs an admin API key.' : e.message;
    status.className = 'error';
  }
}
refresh();
setInterval(refresh, config.adminPollMillis);

async function refreshActivity() {
  try {
    await activity();
  } catch (e) {
    $('activity-note').textContent = e.status === 401 || e.status === 403 ? 'Activity needs an admin API key.' : e.message;
  }
}
refreshActivity();
setInterval(refreshActivity, ACTIVITY_POLL);

// Statistics (GET /v1/admin/stats): aggregates over days, so refreshed on a slower clock than the queue.
const STATS_POLL = Math.max(60000, config.adminPollMillis);
const uploadsChart = new Chart($('c-uploads'), {
  data: { labels: [], datasets: [
    { type: 'bar', label: 'uploads', data: [], yAxisID: 'y', maxBarThickness: 24 },
    { type: 'line', label: 'MiB uploaded', data: [], yAxisID: 'mib', tension: 0.2 },
  ] },
  options: { animation: false, responsive: true, scales: {
    y: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
    mib: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } },
});
const formatsChart = new Chart($('c-formats'), {
  type: 'bar',
  data: { labels: [], datasets: [{ label: 'images', data: [], maxBarThickness: 32 }] },
  options: { animation: false, responsive: true, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
});

/** Fills a table body: the first cell of a row is its header; an empty list shows {@code empty}. */
function rows(body, items, cells, empty) {
  body.replaceChildren();
  const columns = body.closest('table').querySelectorAll('thead th').length;
  if (!items.length) body.append(el('tr', {}, el('td', { colspan: columns, class: 'muted', text: empty })));
  for (const item of items) body.append(el('tr', {}, ...cells(item).map((c, i) => el(i ? 'td' : 'th', { scope: i ? null : 'row', text: c }))));
}

async function stats() {
  const s = await api('/v1/admin/stats?days=' + encodeURIComponent($('stats-days').value));
  const inWindow = s.uploadsPerDay.reduce((a, d) => ({ uploads: a.uploads + d.uploads, bytes: a.bytes + d.bytes }), { uploads: 0, bytes: 0 });
  $('s-uploads').textContent = inWindow.uploads;
  $('s-bytes').textContent = fmtBytes(inWindow.bytes);
  $('s-images').textContent = s.totals.images;
  $('s-stored').textContent = fmtBytes(s.totals.bytes);
  $('s-p50').textContent = s.renderTime.count ? s.renderTime.p50 : '–';
  $('s-p99').textContent = s.renderTime.count ? s.renderTime.p99 : '–';

  uploadsChart.data.labels = s.uploadsPerDay.map((d) => d.day);
  uploadsChart.data.datasets[0].data = s.uploadsPerDay.map((d) => d.uploads);
  uploadsChart.data.datasets[1].data = s.uploadsPerDay.map((d) => +(d.bytes / 1048576).toFixed(2));
  uploadsChart.update();
  formatsChart.data.labels = s.formats.map((f) => f.format);
  formatsChart.data.datasets[0].data = s.formats.map((f) => f.images);
  formatsChart.update();

  rows($('stats-days-table'), [...s.uploadsPerDay].reverse(), (d) => [d.day, d.uploads, fmtBytes(d.bytes)], 'No days.');
  rows($('stats-formats'), s.formats, (f) => [f.format, f.images, fmtBytes(f.bytes)], 'No uploads in the window.');
  rows($('stats-tags'), s.topTags, (t) => [t.tag, t.images], 'No tags in the window.');
  const r = s.renderTime;
  const render = r.count ? [['all', r], ...Object.entries(r.variants)] : [];
  rows($('stats-render'), render, ([name, p]) => [name, p.count, p.p50, p.p90, p.p99, p.max],
    'No renders in the window.');
  $('stats-truncated').textContent = r.truncated ? '(from the earliest events of the window only)' : '';
}

async function refreshStats() {
  const line = $('stats-status');
  try {
    await stats();
    line.textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
    line.className = 'muted';
  } catch (e) {
    line.textContent = e.status === 401 || e.status === 403 ? 'Statistics need an admin API key.' : e.message;
    line.className = 'error';
  }
}
$('stats-days').addEventListener('change', refreshStats);
refreshStats();
setInterval(refreshStats, STATS_POLL);

// API keys (/v1/admin/keys): made, listed with their last use, revoked. A new token is shown here once.
const when = (t) => (t ? new Date(t).toLocaleString() : '–');

// The list's own line: a refusal to list must not replace a token just shown on the made-key line.
async function keys() {
  const line = $('keys-error');
  try {
    const k = await api('/v1/admin/keys');
    line.replaceChildren();
    const body = $('keys-list');
    body.replaceChildren();
    if (!k.items.length) {
      body.append(el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No keys.' })));
      // The server is open, and the first key made over HTTP must be an admin's.
      $('key-scope').value = 'admin';
    }
    for (const key of [...k.items].reverse()) {
      body.append(el('tr', { 'data-key': key.id },
        el('th', { scope: 'row', text: key.id }),
        el('td', { text: key.owner }),
        el('td', { text: key.scope }),
        el('td', { text: key.status }),
        el('td', { text: when(key.createdAt) }),
        el('td', { text: key.expiresAt ? when(key.expiresAt) : 'never' }),
        el('td', { text: key.lastUsedAt ? when(key.lastUsedAt) : 'never' }),
        el('td', {}, key.status === 'revoked' ? null : el('button', { type: 'button', 'aria-label': 'Revoke key ' + key.id,
          text: 'Revoke', onclick: () => revoke(key) }))));
    }
  } catch (e) {
    line.replaceChildren(e.status === 401 || e.status === 403 ? 'Keys need an admin API key.' : e.message);
    line.className = 'error';
  }
}

async function revoke(key) {
  if (!confirm(`Revoke ${key.id} of ${key.owner}? Requests with it are refused from now on.`)) return;
  const line = $('key-made');
  try {
    await api('/v1/admin/keys/' + encodeURIComponent(key.id), { method: 'DELETE' });
    line.replaceChildren(`Revoked ${key.id}.`);
    line.className = 'ok';
  } catch (e) {
    line.replaceChildren(e.message);
    line.className = 'error';
  }
  keys();
}

$('key-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const line = $('key-made');
  const body = { owner: $('key-owner').value.trim(), scope: $('key-scope').value };
  if ($('key-expires').value) body.expiresAt = $('key-expires').value + 'T00:00:00Z';
  try {
    const made = await api('/v1/admin/keys', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) });
    const token = el('code', { id: 'new-token', text: made.token });
    line.replaceChildren(`Made ${made.id} for ${made.owner} (${made.scope}). Its token, shown only now: `, token, ' ',
      el('button', { type: 'button', text: 'Copy', onclick: (click) => navigator.clipboard.writeText(made.token).then(
        () => { click.target.textContent = 'Copied'; },
        () => { click.target.textContent = 'Copy failed: select the token'; }) }),
      made.scope === 'admin' && keepFirstKey(made.token)
        ? ' The server needs a key from now on: this one is saved as this browser\'s API key.' : '');
    line.className = 'ok';
    ev.target.reset();
  } catch (e) {
    line.replaceChildren(e.message);
    line.className = 'error';
  }
  keys();
});
keys();
