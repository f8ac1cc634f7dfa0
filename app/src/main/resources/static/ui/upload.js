import { api, authHeaders, el, fmtBytes, header, problem } from './app.js';

// Uppy is not published as a WebJar that resolves from Maven Central, so this page speaks the
// /v1/uploads protocol itself: S3-style parts, several in flight, each retried after a dropped
// connection, and the upload id kept per file so picking the same file again resumes it.
header('/upload.html');
const drop = document.getElementById('drop');
const input = document.getElementById('files');
const list = document.getElementById('list');
const tagsInput = document.getElementById('u-tags');
const config = await fetch('/ui/config.json').then((r) => r.json());
const RESUME = 'pixflow.upload.';

input.addEventListener('change', () => { addFiles(input.files); input.value = ''; });
for (const t of ['dragenter', 'dragover']) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); });
for (const t of ['dragleave', 'drop']) drop.addEventListener(t, () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); addFiles(e.dataTransfer.files); });

function addFiles(files) {
  for (const f of files) upload(f);
}

function row(file) {
  const bar = el('progress', { max: 100, value: 0, 'aria-label': 'Upload of ' + file.name });
  const state = el('span', { class: 'state', text: 'waiting' });
  const li = el('li', { 'data-file': file.name }, el('span', { text: `${file.name} (${fmtBytes(file.size)})` }), state, bar);
  list.append(li);
  return {
    li,
    progress(done) { bar.value = Math.floor((done / Math.max(1, file.size)) * 100); state.textContent = `uploading ${bar.value}%`; },
    state(text, cls) { state.textContent = text; state.className = 'state ' + (cls || ''); },
    done(id) {
      bar.value = 100;
      const name = li.firstChild;
      name.replaceWith(el('a', { href: '/image.html?id=' + encodeURIComponent(id), text: name.textContent }));
      li.dataset.imageId = id;
    },
  };
}

async function upload(file) {
  const ui = row(file);
  const tags = tagsInput.value.split(',').map((t) => t.trim()).filter(Boolean);
  try {
    const image = file.size > config.multipartThreshold
      ? await multipart(file, tags, ui)
      : await single(file, tags, ui);
    ui.done(image.id);
    await watch(image, ui);
  } catch (e) {
    ui.state('refused: ' + e.message, 'error');
  }
}

/** One request, with the browser's upload progress events. */
function single(file, tags, ui) {
  const p = new URLSearchParams({ filename: file.name });
  if (tags.length) p.set('tags', tags.join(','));
  return send('POST', '/v1/images?' + p, file, {}, (loaded) => ui.progress(loaded))
    .then((text) => JSON.parse(text));
}

function send(method, url, body, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(authHeaders(headers))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => (xhr.status < 300 ? resolve(xhr.responseText) : reject(problem(xhr.status, xhr.responseText)));
    xhr.onerror = () => reject(Object.assign(new Error('connection lost'), { network: true }));
    xhr.send(body);
  });
}

async function multipart(file, tags, ui) {
  const resumeKey = RESUME + [file.name, file.size, file.lastModified].join(':');
  let uploadId = localStorage.getItem(resumeKey);
  let partSize;
  const have = new Map();
  if (uploadId) {
    try {
      const u = await api('/v1/uploads/' + uploadId);
      if (u.state && u.state !== 'open' && u.state !== 'OPEN') throw new Error('not open');
      partSize = u.partSize;
      for (const p of u.parts || []) have.set(p.partNumber, p);
      ui.state(`resuming (${have.size} parts already sent)`);
    } catch {
      uploadId = null;
    }
  }
  if (!uploadId) {
    const started = await api('/v1/uploads', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: file.name, contentType: file.type || undefined, size: file.size, tags }),
    });
    uploadId = started.uploadId;
    partSize = started.partSize;
    localStorage.setItem(resumeKey, uploadId);
  }
  const count = Math.max(1, Math.ceil(file.size / partSize));
  const loaded = new Map();
  const etags = new Map();
  for (const [n, p] of have) {
    const size = Math.min(partSize, file.size - (n - 1) * partSize);
    if (p.size === size) { etags.set(n, p.etag); loaded.set(n, size); }
  }
  const report = () => ui.progress([...loaded.values()].reduce((a, b) => a + b, 0));
  report();
  const todo = [];
  for (let n = 1; n <= count; n++) if (!etags.has(n)) todo.push(n);
  const worker = async () => {
    for (let n = todo.shift(); n !== undefined; n = todo.shift()) {
      const blob = file.slice((n - 1) * partSize, Math.min(file.size, n * partSize));
      etags.set(n, await part(uploadId, n, blob, (b) => { loaded.set(n, b); report(); }, ui));
      loaded.set(n, blob.size);
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.parallelParts, todo.length) }, worker));
  ui.state('assembling');
  const parts = [...etags.entries()].sort((a, b) => a[0] - b[0]).map(([partNumber, etag]) => ({ partNumber, etag }));
  const image = await api(`/v1/uploads/${uploadId}/complete`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ parts }),
  });
  localStorage.removeItem(resumeKey);
  return image;
}

/** One part, sent again after a dropped connection (waiting to be back online, with a growing pause). */
async function part(uploadId, n, blob, onProgress, ui) {
  const headers = {};
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
    headers['x-checksum-sha256'] = btoa(String.fromCharCode(...new Uint8Array(digest)));
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const text = await send('PUT', `/v1/uploads/${uploadId}/parts/${n}`, blob, headers, onProgress);
      return JSON.parse(text).etag;
    } catch (e) {
      if (!e.network || attempt >= 8) throw e;
      onProgress(0);
      ui.state(`connection lost, retrying part ${n}`);
      if (!navigator.onLine) await new Promise((r) => addEventListener('online', r, { once: true }));
      await new Promise((r) => setTimeout(r, Math.min(30000, 500 * 2 ** attempt)));
    }
  }
}

/** Shows the record's processing state until the variants are made. */
async function watch(image, ui) {
  let r = image;
  for (let wait = 300; r.status === 'processing'; wait = Math.min(3000, wait * 1.5)) {
    ui.state('processing');
    await new Promise((res) => setTimeout(res, wait));
    r = await api('/v1/images/' + image.id);
  }
  ui.state(r.status, r.status === 'ready' ? 'ok' : 'error');
  ui.li.dataset.status = r.status;
}
