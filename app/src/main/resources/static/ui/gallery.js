import { api, el, header } from './app.js';

header('/');
const form = document.getElementById('search');
const grid = document.getElementById('grid');
const status = document.getElementById('status');
const sentinel = document.getElementById('more');
const FIELDS = ['q', 'tag', 'from', 'to'];

// The URL is the search: it fills the form, and a search rewrites it, so it can be shared.
const params = new URLSearchParams(location.search);
for (const f of FIELDS) form.elements[f].value = params.get(f) || '';

let cursor = null;
let done = false;
let loading = false;
let shown = 0;

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const p = new URLSearchParams();
  for (const f of FIELDS) if (form.elements[f].value.trim()) p.set(f, form.elements[f].value.trim());
  history.pushState(null, '', p.toString() ? '?' + p : location.pathname);
  reset();
});
addEventListener('popstate', () => location.reload());

function reset() {
  grid.replaceChildren();
  cursor = null; done = false; shown = 0;
  more();
}

// Filters the server may not know are applied here too, so a page shows only what was asked for.
function matches(img) {
  const q = form.elements.q.value.trim().toLowerCase();
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  const day = (img.createdAt || '').slice(0, 10);
  if (from && day < from) return false;
  if (to && day > to) return false;
  if (q) {
    const hay = [img.title, img.filename, img.description, ...(img.tags || [])].join(' ').toLowerCase();
    if (!q.split(/\s+/).every((w) => hay.includes(w))) return false;
  }
  return true;
}

function srcset(img) {
  const v = img.variants || {};
  return Object.values(v).filter((x) => x.status === 'ready' && x.width)
    .map((x) => `${x.url} ${x.width}w`).join(', ');
}

function tile(img) {
  const thumb = img.variants?.thumb?.url || img.url;
  const alt = img.description || img.title || img.filename || 'image';
  return el('li', {}, el('a', { href: '/image.html?id=' + encodeURIComponent(img.id) },
    el('img', { src: thumb, srcset: srcset(img) || null, sizes: '(max-width: 700px) 50vw, 200px',
      loading: 'lazy', alt, width: 256, height: 256 }),
    el('span', { class: 'caption', text: img.title || img.filename })));
}

async function more() {
  if (loading || done) return;
  loading = true;
  status.textContent = 'Loading…';
  try {
    const p = new URLSearchParams({ limit: '24' });
    for (const f of FIELDS) if (form.elements[f].value.trim()) p.set(f, form.elements[f].value.trim());
    if (cursor) p.set('cursor', cursor);
    const page = await api('/v1/images?' + p);
    for (const img of page.items.filter(matches)) { grid.append(tile(img)); shown++; }
    cursor = page.nextCursor;
    done = !cursor;
    status.textContent = shown ? `${shown} image${shown === 1 ? '' : 's'}${done ? '' : ', scroll for more'}`
      : (done ? 'No images match.' : '');
  } catch (e) {
    status.textContent = 'Could not load images: ' + e.message;
    status.className = 'error';
    done = true;
  } finally {
    loading = false;
  }
  // Keep loading while the end of the list is on screen (infinite scroll on the cursor).
  if (!done && sentinel.getBoundingClientRect().top < innerHeight + 400) more();
}

new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) more(); },
  { rootMargin: '400px' }).observe(sentinel);
reset();
