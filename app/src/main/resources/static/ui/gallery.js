import { api, el, header, viewable } from './app.js';

header('/');
const form = document.getElementById('search');
const grid = document.getElementById('grid');
const status = document.getElementById('status');
const sentinel = document.getElementById('more');
const value = (f) => form.elements[f].value.trim();
// GET /v1/images's own parameters: the server searches and filters, the page only shows the pages.
const FIELDS = ['q', 'tag', 'from', 'to', 'orientation', 'format', 'sort'];

// The URL is the search: it fills the form, and a search rewrites it, so it can be shared.
const params = new URLSearchParams(location.search);
for (const f of FIELDS) form.elements[f].value = params.get(f) || '';

// One search at a time: a new one (generation) makes the pages still arriving for the old one moot.
// Its parameters are taken when it starts: the next pages go on with the search shown, not with
// whatever has been typed into the form since.
let searched = new URLSearchParams();
let cursor = null;
let done = false;
let loading = false;
let shown = 0;
let generation = 0;

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  reset();
  history.pushState(null, '', searched.toString() ? '?' + searched : location.pathname);
});
addEventListener('popstate', () => location.reload());

function reset() {
  grid.replaceChildren();
  generation++;
  searched = new URLSearchParams();
  for (const f of FIELDS) if (value(f)) searched.set(f, value(f));
  cursor = null; done = false; loading = false; shown = 0;
  more();
}

// The configured variants only: a rendition asked for by recipe (a crop, a watermark, text) is not the
// photo at another size, and a browser would pick it by its width.
function srcset(img) {
  const v = img.variants || {};
  return Object.values(v).filter((x) => x.status === 'ready' && x.width && !x.recipe)
    .map((x) => `${x.url} ${x.width}w`).join(', ');
}

function tile(img) {
  const thumb = img.variants?.thumb?.url || img.url;
  const alt = img.altText || img.title || img.filename || 'image';
  const picture = el('img', { sizes: '(max-width: 700px) 50vw, 200px', loading: 'lazy', alt, width: 256, height: 256 });
  viewable(thumb, img).then((src) => {
    // Sizes to choose from only where each is a URL the browser can open itself.
    if (src === thumb) picture.srcset = srcset(img);
    // A copy in memory is let go once shown: a long scroll through private images would keep them all.
    else picture.addEventListener('load', () => URL.revokeObjectURL(src), { once: true });
    picture.src = src;
  }, (e) => { picture.title = e.message; });
  return el('li', {}, el('a', { href: '/image.html?id=' + encodeURIComponent(img.id) }, picture,
    el('span', { class: 'caption', text: img.title || img.filename })));
}

async function more() {
  if (loading || done) return;
  loading = true;
  const mine = generation;
  status.textContent = 'Loading…';
  status.className = 'muted';
  try {
    const p = new URLSearchParams(searched);
    p.set('limit', '24');
    if (cursor) p.set('cursor', cursor);
    const page = await api('/v1/images?' + p);
    if (mine !== generation) return;
    for (const img of page.items) { grid.append(tile(img)); shown++; }
    cursor = page.nextCursor;
    done = !cursor;
    status.textContent = shown ? `${shown} image${shown === 1 ? '' : 's'}${done ? '' : ', scroll for more'}`
      : (done ? 'No images match.' : '');
  } catch (e) {
    if (mine !== generation) return;
    status.textContent = 'Could not search: ' + e.message;
    status.className = 'error';
    done = true;
  } finally {
    if (mine === generation) loading = false;
  }
  // Keep loading while the end of the list is on screen (infinite scroll on the cursor).
  if (!done && sentinel.getBoundingClientRect().top < innerHeight + 400) more();
}

new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) more(); },
  { rootMargin: '400px' }).observe(sentinel);
reset();
