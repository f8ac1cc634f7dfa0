import { api, el, fmtBytes, header, needsKey, problem, tagged, viewable } from './app.js';

header(null);
const id = new URLSearchParams(location.search).get('id');
const $ = (x) => document.getElementById(x);
const status = $('status');
// The record as last read, and its ETag.
let record;
let etag;
// What the details form edits: the record as it was when the user began to type, kept while they type
// (a refresh of a record still processing would otherwise put the old values back under their hands),
// and named by If-Match when they save, so a change made meanwhile elsewhere is not overwritten.
let editing = null;
// How long to wait before asking again after a failure that may pass; longer each time.
let retryIn = 1000;
// The one refresh waiting to run: a new one replaces it, so refreshes never run side by side.
let refresh = null;
// Reads of the record are numbered as they are sent: an answer older than the one shown is dropped
// (a refresh sent before a save, answered after it, would put the values before the save back).
let sent = 0;
let shown = 0;
const refreshIn = (ms) => { clearTimeout(refresh); refresh = setTimeout(load, ms); };

// A failure that may pass: the network, or the server busy or away. Anything else is an answer.
const passing = (e) => e.status == null || e.status >= 500 || e.status === 408 || e.status === 429;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Reads the record and shows it; whether the page now shows the record as the server has it. */
async function load() {
  if (!id) {
    missing('No image named: open one from the gallery.');
    return false;
  }
  clearTimeout(refresh);
  const mine = ++sent;
  let fresh;
  let freshEtag;
  try {
    ({ value: fresh, etag: freshEtag } = await tagged('/v1/images/' + encodeURIComponent(id)));
  } catch (e) {
    if (mine < shown) return true;
    if (!passing(e)) {
      missing(e.status === 404 ? 'This image does not exist (any more).' : 'Could not load: ' + e.message);
      return false;
    }
    // The page stays as it is, and what is typed in it; the record is asked for again.
    status.textContent = `Could not ${record ? 'refresh' : 'load'}: ${e.message}; trying again.`;
    status.className = 'error';
    refreshIn(retryIn);
    retryIn = Math.min(retryIn * 2, 30000);
    return false;
  }
  if (mine < shown) return true;
  shown = mine;
  retryIn = 1000;
  // The page's own refreshes (the variants made, a rendition asked for here) change the record's ETag
  // but not what is being edited: the edit then goes on from the fresh record, so that saving it is not
  // taken for overwriting a change made elsewhere. Where a field did change meanwhile, the edit keeps
  // the ETag it began with, and saving says so.
  if (editing && DETAILS.every(([field]) => same(stored(fresh, field), stored(editing.record, field)))) {
    editing = { record: fresh, etag: freshEtag };
  }
  record = fresh;
  etag = freshEtag;
  render();
  return true;
}

function missing(why) {
  status.textContent = why;
  status.className = 'error';
  $('image').hidden = true;
}

// The details form: each field of the record and its input. Tags are a list, typed comma separated.
const DETAILS = [['title', 'e-title'], ['tags', 'e-tags'], ['description', 'e-description'], ['altText', 'e-alt']];
const stored = (r, field) => (field === 'tags' ? r.tags || [] : r[field] || null);
const typed = (field, input) => (field === 'tags'
  ? $(input).value.split(',').map((t) => t.trim()).filter(Boolean)
  : $(input).value.trim() || null);

function fillDetails(r) {
  for (const [field, input] of DETAILS) {
    const value = stored(r, field);
    $(input).value = field === 'tags' ? value.join(', ') : value || '';
  }
}

// What an element can open for a delivery URL, fetched once however often the page refreshes.
const openable = new Map();
const opened = (url, r) => {
  if (!openable.has(url)) {
    const pending = viewable(url, r);
    pending.catch(() => openable.delete(url));  // tried again on the next refresh
    openable.set(url, pending);
  }
  return openable.get(url);
};

/** Shows a delivery URL in an <img>; a failure leaves it empty and says why. */
async function show(img, url, r) {
  try {
    const src = await opened(url, r);
    if (img.getAttribute('src') !== src) img.src = src;
  } catch (e) {
    img.removeAttribute('src');
    img.title = e.message;
  }
}

/**
 * A download link to a delivery URL. One that opens only with the owner's key is fetched with it when
 * clicked (not before: an original may be large), then saved from memory.
 */
function link(text, url, filename, r) {
  const a = el('a', { href: url, download: filename, text });
  if (needsKey(url, r)) {
    a.addEventListener('click', async (ev) => {
      ev.preventDefault();
      try {
        el('a', { href: await opened(url, r), download: filename }).click();
      } catch (e) {
        a.title = e.message;
      }
    });
  }
  return a;
}

// A variant's download is named for what it is: its name, the original's name, its own format's extension
// (a PNG's thumb is a JPEG). Direction marks are left out of every name offered: "photo\u202Egpj.exe"
// would show as "photoexe.jpg".
const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/avif': 'avif', 'image/png': 'png', 'image/gif': 'gif' };
const plain = (name) => name.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
function variantFile(variant, filename, contentType) {
  const ext = EXTENSIONS[contentType];
  return plain(`${variant}-${ext ? filename.replace(/\.[^.]*$/, '') + '.' + ext : filename}`);
}

function render() {
  const r = record;
  document.title = (r.title || r.filename) + ' · Pixflow';
  $('title').textContent = r.title || r.filename;
  const main = $('main');
  main.alt = r.altText || r.title || r.filename;
  main.width = r.width; main.height = r.height;
  // A variant not made yet is rendered when asked for; one whose job failed has nothing to show.
  if (r.status === 'failed') {
    main.removeAttribute('src');
  } else {
    show(main, r.variants?.large?.url || r.url, r);
  }
  if (!editing) fillDetails(r);
  const ul = $('variants');
  ul.replaceChildren(el('li', {}, link('original', r.url, plain(r.filename), r), ` ${r.width}×${r.height}, ${fmtBytes(r.bytes)}`));
  for (const [name, v] of Object.entries(r.variants || {})) {
    const li = el('li', { 'data-variant': name, 'data-status': v.status },
      v.status === 'ready' ? link(name, v.url, variantFile(name, r.filename, v.contentType), r) : el('span', { text: name }),
      v.status === 'ready' ? ` ${v.width}×${v.height}, ${fmtBytes(v.bytes)}`
        : ` ${v.status}${v.error ? ': ' + v.error : r.status === 'failed' ? ': its job failed; an admin can redrive it' : ''}`);
    // Asked-for renditions (those with a recipe) can be removed; the configured variants go with the image.
    if (v.recipe) {
      li.append(' ', el('button', { type: 'button', class: 'remove', text: 'remove', 'data-remove': name,
        'aria-label': `remove the rendition ${name}` }));
    }
    ul.append(li);
  }
  const dl = $('exif');
  dl.replaceChildren();
  const exif = r.exif && typeof r.exif === 'object' ? Object.entries(r.exif).filter(([, v]) => v != null && v !== '') : [];
  if (!exif.length) dl.append(el('dt', { text: 'none' }), el('dd', { text: 'no camera data' }));
  for (const [k, v] of exif) dl.append(el('dt', { text: k }), el('dd', { text: typeof v === 'object' ? JSON.stringify(v) : String(v) }));
  status.textContent = r.status === 'ready' ? '' : 'Status: ' + r.status;
  status.className = '';
  $('image').hidden = false;
  // Keep the page live while anything is still being made.
  if (r.status === 'processing' || Object.values(r.variants || {}).some((v) => v.status === 'pending')) {
    refreshIn(1000);
  }
}

$('edit').addEventListener('input', () => {
  if (!editing) editing = { record, etag };
});

$('edit').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const s = $('e-status');
  let base = editing || { record, etag };
  // A merge patch of what changed only: alt text sent unchanged would count as its owner's and stop
  // a configured vision model from ever writing it.
  const patch = {};
  for (const [field, input] of DETAILS) {
    const value = typed(field, input);
    if (!same(value, stored(base.record, field))) patch[field] = value;
  }
  // No refresh leaves while the save is under way: one answered after it would show the values before it.
  clearTimeout(refresh);
  for (let attempt = 1; ; attempt++) {
    const headers = { 'Content-Type': 'application/merge-patch+json' };
    if (base.etag) headers['If-Match'] = base.etag;
    const mine = ++sent;
    try {
      ({ value: record, etag } = await tagged('/v1/images/' + encodeURIComponent(id), {
        method: 'PATCH', headers, body: JSON.stringify(patch),
      }));
      shown = Math.max(shown, mine);
      editing = null;
      s.textContent = 'Saved.'; s.className = 'ok';
      render();
      return;
    } catch (e) {
      s.className = 'error';
      if (e.status !== 412) {
        s.textContent = e.message;
        return;
      }
      // The record changed since the edit began: read it again, and the fields the user changed keep
      // what they typed over it.
      const kept = DETAILS.filter(([field]) => field in patch).map(([, input]) => [input, $(input).value]);
      editing = null;
      const read = await load();
      for (const [input, value] of kept) $(input).value = value;
      // What changed was none of these fields (the variants made, a rendition asked for from this page,
      // meanwhile): nothing of anyone's is overwritten, so the save goes on, once, from the fresh record.
      if (read && attempt === 1 && DETAILS.every(([field]) => same(stored(record, field), stored(base.record, field)))) {
        base = { record, etag };
        editing = base;
        continue;
      }
      editing = read ? { record, etag } : base;
      s.textContent = read
        ? 'This image was changed elsewhere since you opened it. Your edits are still here; save again to write them over the change.'
        : 'This image was changed elsewhere since you opened it, and it could not be read again. Your edits are still here; save again in a moment.';
      return;
    }
  }
});


// The overlay: the preview is the very recipe that "keep" stores (a resize, then the text), asked
// for as an unsigned transformation URL (open mode, no delivery keys).
function overlay() {
  return {
    text: $('o-text').value,
    size: Number($('o-size').value) || 48,
    colour: $('o-colour').value.slice(1),
    position: $('o-position').value,
  };
}

const b64url = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

let timer;
let previews = 0;      // previews asked for: only the last one asked is shown
let previewed = null;  // the object URL shown for a private image, freed when another replaces it
function preview() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const o = overlay();
    if (!o.text.trim()) { $('preview').removeAttribute('src'); return; }
    const opts = `w:1200,text:${b64url(o.text)},size:${o.size},color:${o.colour},tg:${o.position},tx:16,ty:16`;
    const url = `/t/_/${opts}/${encodeURIComponent(id)}.jpg`;
    if (!record || !needsKey(url, record)) { $('preview').src = url; return; }
    // A private image's preview opens only with the owner's key, which an <img> cannot send.
    const asked = ++previews;
    try {
      const src = await viewable(url, record);
      if (asked !== previews) { URL.revokeObjectURL(src); return; }
      if (previewed) URL.revokeObjectURL(previewed);
      previewed = src;
      $('preview').src = src;
    } catch (e) {
      if (asked !== previews) return;
      $('preview').removeAttribute('src');
      $('o-status').textContent = 'No live preview: ' + e.message + '.';
    }
  }, 250);
}
// 'change' too: some browsers fire only that for a select or a colour picker.
for (const x of ['o-text', 'o-size', 'o-colour', 'o-position']) {
  for (const type of ['input', 'change']) $(x).addEventListener(type, preview);
}
// The preview failed: say why, as the server said it (a signature needed, a size out of range ...).
$('preview').addEventListener('error', async () => {
  const src = $('preview').getAttribute('src');
  if (!src) return;
  let why = 'the server did not answer';
  try {
    const res = await fetch(src);
    why = res.status === 403 ? 'this server takes signed URLs only; keep it to see the result'
      : problem(res.status, await res.text()).message;
  } catch { /* the network: as above */ }
  if ($('preview').getAttribute('src') === src) $('o-status').textContent = 'No live preview: ' + why + '.';
});
$('preview').addEventListener('load', () => { $('o-status').textContent = ''; });

$('overlay').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const s = $('o-status');
  const o = overlay();
  try {
    const made = await api(`/v1/images/${encodeURIComponent(id)}/renditions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: $('o-name').value.trim(), format: 'jpeg',
        ops: [{ op: 'resize', width: 1200 }, { op: 'text', ...o, dx: 16, dy: 16 }] }),
    });
    s.textContent = `Rendition "${made.name}" requested.`; s.className = 'ok';
    load();
  } catch (e) {
    s.textContent = e.message; s.className = 'error';
  }
});

$('variants').addEventListener('click', async (ev) => {
  const name = ev.target.dataset?.remove;
  if (!name || !confirm(`Remove the rendition "${name}"? Once made, its name keeps its recipe.`)) return;
  try {
    await api(`/v1/images/${encodeURIComponent(id)}/renditions/${encodeURIComponent(name)}`, { method: 'DELETE' });
    await load();
    status.textContent = `Rendition "${name}" removed.`; status.className = 'ok';
  } catch (e) {
    status.textContent = 'Could not remove: ' + e.message; status.className = 'error';
  }
});

$('delete').addEventListener('click', async () => {
  if (!confirm('Delete this image and all its renditions? This cannot be undone.')) return;
  try {
    await api('/v1/images/' + encodeURIComponent(id), { method: 'DELETE' });
    location.href = '/';
  } catch (e) {
    status.textContent = 'Could not delete: ' + e.message; status.className = 'error';
  }
});

await load();
if (record) preview();
