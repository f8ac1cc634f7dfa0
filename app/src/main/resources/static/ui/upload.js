import { api, authHeaders, el, fmtBytes, header, problem } from './app.js';
import { AwsS3, GoldenRetriever, Uppy } from './vendor/uppy/uppy.min.js';

// Uppy does the uploading: its S3-multipart plugin, pointed at /v1/uploads, sends the parts (several
// at once, each retried after a dropped connection, waiting while the browser is offline), and Golden
// Retriever keeps the files and their upload ids across a reload, so the parts the server already
// holds are not sent again. Every file goes through /v1/uploads, a small one as a single part: one
// path for all files, and every upload resumable. Where the server keeps uploads in its bucket and
// says so (`direct`), each part goes straight to the bucket by a presigned PUT; otherwise to Pixflow.
header('/upload.html');
const drop = document.getElementById('drop');
const input = document.getElementById('files');
const list = document.getElementById('list');
const tagsInput = document.getElementById('u-tags');
const config = await fetch('/ui/config.json').then((r) => r.json());
const MIB = 1024 * 1024;

/** The server's own rule (MultipartLimits.partSizeFor): its part size, or more when a file would need too many parts. */
function partSizeFor(size) {
  const needed = Math.ceil(size / config.maxParts);
  const rounded = needed <= config.partSize ? config.partSize : Math.ceil(needed / MIB) * MIB;
  return Math.min(rounded, config.maxPartSize);
}

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const uploadPath = (uploadId) => '/v1/uploads/' + encodeURIComponent(uploadId);

/** Base64 SHA-256 of a Blob; null where the browser has no WebCrypto (a page not on HTTPS or localhost). */
async function sha256(blob) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

// Whether the server hands out presigned part PUTs: each start's answer says (`direct`); for an upload
// resumed after a reload, unknown until the first presign, which a server without them answers 409.
let direct = null;
const DIRECT_UNAVAILABLE = 'urn:pixflow:problem:direct-uploads-unavailable';

// The browser guesses a file's type from its name: a JPEG saved as .png would be declared PNG and
// refused. An image type is left for the bytes to decide; another type (text/plain ...) is declared, so
// the server refuses the file at once rather than after all its parts.
function declared(file) {
  return file.type && !file.type.startsWith('image/') ? file.type : undefined;
}

// One row per file, by Uppy's file id.
const rows = new Map();

const uppy = new Uppy({ id: 'pixflow-upload', autoProceed: true });
uppy.use(AwsS3, {
  shouldUseMultipart: true,
  limit: config.parallelParts,
  getChunkSize: (file) => partSizeFor(file.size),

  async createMultipartUpload(file, signal) {
    const started = await api('/v1/uploads', { ...json({
      filename: file.name, contentType: declared(file), size: file.size, tags: file.meta.tags || [],
    }), signal });
    rows.get(file.id)?.uploadId(started.uploadId);
    direct = started.direct === true;
    return { uploadId: started.uploadId, key: started.uploadId };
  },

  async listParts(file, { uploadId, signal }) {
    const u = await api(uploadPath(uploadId), { signal });
    return (u.parts || []).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, Size: p.size }));
  },

  // Uppy PUTs the part to this URL itself and reads the part's etag from the ETag response header.
  // Called again for every retry, so an expired presigned URL is signed anew.
  async signPart(file, { uploadId, partNumber, body, signal }) {
    const checksum = await sha256(body);
    if (checksum && direct !== false) {
      try {
        const signed = await api(`${uploadPath(uploadId)}/parts/${partNumber}/presign`,
          { ...json({ size: body.size, sha256: checksum }), signal });
        direct = true;
        // Straight to the bucket: exactly the signed headers (the SHA-256 the bucket checks), no API key.
        // No `expires`: Uppy would make it the whole request's timeout, and a slow part is no expired URL.
        return { method: signed.method, url: signed.url, headers: signed.headers };
      } catch (e) {
        if (e.status !== 409 || e.type !== DIRECT_UNAVAILABLE) throw e;
        direct = false;
      }
    }
    const headers = authHeaders(checksum ? { 'x-checksum-sha256': checksum } : {});
    return { method: 'PUT', url: `${uploadPath(uploadId)}/parts/${partNumber}`, headers };
  },

  // Answers the image record: it becomes the upload-success response's body.
  async completeMultipartUpload(file, { uploadId, parts, signal }) {
    const image = await api(uploadPath(uploadId) + '/complete', { ...json({
      parts: parts.map((p) => ({ partNumber: p.PartNumber, etag: String(p.ETag).replace(/"/g, '') })),
    }), signal });
    return { ...image, location: image.url };
  },

  async abortMultipartUpload(file, { uploadId }) {
    if (!uploadId) return;
    await api(uploadPath(uploadId), { method: 'DELETE' }).catch(() => { /* already gone */ });
  },
});
uppy.use(GoldenRetriever);

function row(file) {
  if (rows.has(file.id)) return rows.get(file.id);
  const bar = el('progress', { max: 100, value: 0, 'aria-label': 'Upload of ' + file.name });
  const state = el('span', { class: 'state', text: 'waiting' });
  const actions = el('span', { class: 'actions' });
  const name = el('span', { text: `${file.name} (${fmtBytes(file.size)})` });
  const li = el('li', { 'data-file': file.name }, name, state, bar, actions);
  list.append(li);
  const ui = {
    li,
    // Bytes sent are not bytes kept: 100 waits for the server's answer to the last request (done).
    // The bar tells the progress; a screen reader hears of each file's changes of state, not of each percent.
    progress(done, total) {
      bar.value = Math.min(99, Math.floor((done / Math.max(1, total)) * 100));
      state.textContent = `uploading ${bar.value}%`;
      state.className = 'state';
    },
    state(text, cls) {
      const className = 'state ' + (cls || '');
      if (state.textContent === text && state.className === className) return;
      state.textContent = text; state.className = className;
      document.getElementById('announce').textContent = `${file.name}: ${text}`;
    },
    action(label, onclick) { actions.replaceChildren(label ? el('button', { type: 'button', text: label, onclick }) : ''); },
    uploadId(id) { li.dataset.uploadId = id; },
    // Refused: nothing of it is kept, so no bar says how much of it was sent.
    refused() { bar.hidden = true; },
    done(id) {
      bar.value = 100;
      name.replaceWith(el('a', { href: '/image.html?id=' + encodeURIComponent(id), text: name.textContent }));
      li.dataset.imageId = id;
    },
  };
  rows.set(file.id, ui);
  return ui;
}

function addFiles(files) {
  const tags = tagsInput.value.split(',').map((t) => t.trim()).filter(Boolean);
  for (const f of files) {
    try {
      uppy.addFile({ name: f.name, type: f.type, data: f, source: 'Local', meta: { tags } });
    } catch (e) {
      // Uppy refuses a file it holds already (one being uploaded); other refusals come from the server.
      const known = [...uppy.getFiles()].find((x) => x.name === f.name && x.size === f.size);
      row(known || { id: 'refused:' + f.name + Math.random(), name: f.name, size: f.size }).state(e.message, 'error');
    }
  }
}

input.addEventListener('change', () => { addFiles(input.files); input.value = ''; });
for (const t of ['dragenter', 'dragover']) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); });
for (const t of ['dragleave', 'drop']) drop.addEventListener(t, () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); addFiles(e.dataTransfer.files); });

uppy.on('file-added', (file) => {
  const ui = row(file);
  if (file.isRestored && file.s3Multipart?.uploadId) {
    // A file put back without its bytes (a "ghost"), chosen again: it goes on from the parts the server holds.
    ui.uploadId(file.s3Multipart.uploadId);
    ui.state('resuming');
    ui.action(null);
    uppy.retryUpload(file.id);
  }
});
uppy.on('upload-progress', (file, p) => {
  if (p.bytesTotal && !offline) row(file).progress(p.bytesUploaded, p.bytesTotal);
});
// A file Uppy lets go of has its row to itself from then on: the same file chosen again (a second
// upload of the same bytes is an image of its own) is a new upload with a row of its own.
uppy.on('file-removed', (file) => rows.delete(file.id));
uppy.on('upload-success', (file, response) => {
  const image = response.body;
  const ui = row(file);
  ui.done(image.id);
  // Uploaded: Uppy has nothing more to do with it (nor Golden Retriever to put back after a reload).
  setTimeout(() => uppy.removeFile(file.id));
  watch(image, ui);
});
uppy.on('upload-error', (file, error) => {
  if (!file) return;
  const ui = row(file);
  const status = error?.status ?? error?.source?.status;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    // The server refused the file: say why, in its own words, and forget it.
    const detail = error.source?.responseText != null ? problem(status, error.source.responseText).message : error.message;
    ui.state('refused: ' + detail, 'error');
    ui.refused();
    ui.li.dataset.status = 'refused';
    setTimeout(() => uppy.removeFile(file.id));
  } else {
    ui.state('failed: ' + (error?.message || 'connection lost'), 'error');
    ui.action('Retry', () => { ui.action(null); uppy.retryUpload(file.id); });
  }
});
// Offline, the requests in flight are stopped (they may never finish: a dropped connection can hang
// rather than fail); back online, every upload asks the server which parts it holds and goes on.
let offline = false;
const unfinished = () => uppy.getFiles().filter((f) => f.progress.uploadStarted && !f.progress.uploadComplete && !f.isGhost);
uppy.on('is-offline', () => {
  if (offline) return;
  offline = true;
  uppy.pauseAll();
  for (const f of unfinished()) row(f).state('connection lost, waiting to resume');
});
uppy.on('back-online', () => {
  offline = false;
  for (const f of unfinished()) row(f).state('resuming');
  uppy.resumeAll();
});

// After a reload: Golden Retriever has put back the files whose upload had not finished. One small
// enough to have been kept in the browser (IndexedDB, up to 10 MiB) resumes at once; a larger one is a
// "ghost" with its upload id but not its bytes, and resumes when it is chosen again.
uppy.on('restored', () => {
  for (const f of uppy.getFiles()) {
    const ui = row(f);
    if (f.s3Multipart?.uploadId) ui.uploadId(f.s3Multipart.uploadId);
    if (f.progress.bytesTotal) ui.progress(f.progress.bytesUploaded || 0, f.progress.bytesTotal);
    if (f.isGhost) {
      ui.state('interrupted: choose this file again to resume it', 'error');
      ui.action('Forget it', () => {
        if (f.s3Multipart?.uploadId) api(uploadPath(f.s3Multipart.uploadId), { method: 'DELETE' }).catch(() => {});
        uppy.removeFile(f.id);
        ui.li.remove();
      });
    } else {
      ui.state('resuming');
    }
  }
  uppy.emit('restore-confirmed');
});

/**
 * Shows the record's processing state until the variants are made. A look that fails on the way (the
 * network, the server busy or away) is tried again, less often, for about five minutes; the image gone,
 * or a refusal, ends it.
 */
async function watch(image, ui) {
  let r = image;
  let note = 'processing';
  let failed = 0;
  for (let wait = 300; r.status === 'processing'; wait = Math.min(3000, wait * 1.5)) {
    ui.state(note);
    await new Promise((res) => setTimeout(res, wait));
    try {
      r = await api('/v1/images/' + encodeURIComponent(image.id));
      note = 'processing';
      failed = 0;
    } catch (e) {
      if (e.status === 404) {
        ui.state('deleted while it was processing', 'error');
        ui.li.dataset.status = 'gone';
        return;
      }
      if (e.status != null && e.status < 500 && e.status !== 408 && e.status !== 429) {
        ui.state('processing; its state cannot be read: ' + e.message, 'error');
        return;
      }
      if (++failed >= 100) {
        ui.state('uploaded; how its processing goes could not be read: open the image to see', 'error');
        return;
      }
      note = 'processing (could not ask how it goes: ' + e.message + '; asking again)';
    }
  }
  ui.state(r.status, r.status === 'ready' ? 'ok' : 'error');
  ui.li.dataset.status = r.status;
}
