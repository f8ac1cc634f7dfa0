import { api, el, fmtBytes, header } from './app.js';

header(null);
const id = new URLSearchParams(location.search).get('id');
const $ = (x) => document.getElementById(x);
const status = $('status');
let record;

async function load() {
  try {
    record = await api('/v1/images/' + encodeURIComponent(id));
  } catch (e) {
    status.textContent = e.status === 404 ? 'This image does not exist (any more).' : 'Could not load: ' + e.message;
    status.className = 'error';
    $('image').hidden = true;
    return;
  }
  render();
}

function render() {
  const r = record;
  document.title = (r.title || r.filename) + ' · Pixflow';
  $('title').textContent = r.title || r.filename;
  const main = $('main');
  main.src = r.variants?.large?.url || r.url;
  main.alt = r.altText || r.title || r.filename;
  main.width = r.width; main.height = r.height;
  $('e-title').value = r.title || '';
  $('e-tags').value = (r.tags || []).join(', ');
  $('e-description').value = r.description || '';
  $('e-alt').value = r.altText || '';
  const ul = $('variants');
  ul.replaceChildren(el('li', {}, el('a', { href: r.url, download: r.filename, text: 'original' }),
    ` ${r.width}×${r.height}, ${fmtBytes(r.bytes)}`));
  for (const [name, v] of Object.entries(r.variants || {})) {
    ul.append(el('li', { 'data-variant': name, 'data-status': v.status },
      v.status === 'ready' ? el('a', { href: v.url, download: `${name}-${r.filename}`, text: name }) : el('span', { text: name }),
      v.status === 'ready' ? ` ${v.width}×${v.height}, ${fmtBytes(v.bytes)}` : ` ${v.status}${v.error ? ': ' + v.error : ''}`));
  }
  const dl = $('exif');
  dl.replaceChildren();
  const exif = r.exif && typeof r.exif === 'object' ? Object.entries(r.exif).filter(([, v]) => v != null && v !== '') : [];
  if (!exif.length) dl.append(el('dt', { text: 'none' }), el('dd', { text: 'no camera data' }));
  for (const [k, v] of exif) dl.append(el('dt', { text: k }), el('dd', { text: typeof v === 'object' ? JSON.stringify(v) : String(v) }));
  status.textContent = r.status === 'ready' ? '' : 'Status: ' + r.status;
  $('image').hidden = false;
  // Keep the page live while anything is still being made.
  if (r.status === 'processing' || Object.values(r.variants || {}).some((v) => v.status === 'pending')) {
    setTimeout(load, 1000);
  }
}

$('edit').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const s = $('e-status');
  // A merge patch of what changed only: alt text sent unchanged would count as its owner's and stop
  // a configured vision model from ever writing it.
  const patch = {};
  for (const [field, input] of [['title', 'e-title'], ['description', 'e-description'], ['altText', 'e-alt']]) {
    const value = $(input).value.trim() || null;
    if (value !== (record[field] || null)) patch[field] = value;
  }
  const tags = $('e-tags').value.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.join(',') !== (record.tags || []).join(',')) patch.tags = tags;
  try {
    record = await api('/v1/images/' + encodeURIComponent(id), {
      method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify(patch),
    });
    s.textContent = 'Saved.'; s.className = 'ok';
    render();
  } catch (e) {
    s.textContent = e.message; s.className = 'error';
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
function preview() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    const o = overlay();
    if (!o.text.trim()) { $('preview').removeAttribute('src'); return; }
    const opts = `w:1200,text:${b64url(o.text)},size:${o.size},color:${o.colour},tg:${o.position},tx:16,ty:16`;
    $('preview').src = `/t/_/${opts}/${encodeURIComponent(id)}.jpg`;
  }, 250);
}
// 'change' too: some browsers fire only that for a select or a colour picker.
for (const x of ['o-text', 'o-size', 'o-colour', 'o-position']) {
  for (const type of ['input', 'change']) $(x).addEventListener(type, preview);
}
$('preview').addEventListener('error', () => {
  if ($('preview').getAttribute('src')) $('o-status').textContent = 'No live preview (signed URLs are required here); keep it to see the result.';
});

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
preview();
