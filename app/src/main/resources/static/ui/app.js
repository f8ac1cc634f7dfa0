// Shared by every page: the API key (kept in localStorage), fetch with problem details, the header.
const KEY = 'pixflow.apiKey';

export const apiKey = () => localStorage.getItem(KEY) || '';

export function authHeaders(extra = {}) {
  const k = apiKey();
  return k ? { ...extra, Authorization: 'Bearer ' + k } : extra;
}

/** Fetches JSON from the API; a refusal throws an Error carrying the problem's detail. */
export async function api(path, opts = {}) {
  const res = await fetch(path, { ...opts, headers: authHeaders(opts.headers || {}) });
  if (!res.ok) throw await problem(res.status, await res.text());
  return res.status === 204 ? null : res.json();
}

export function problem(status, text) {
  let detail = text;
  let type;
  try {
    const p = JSON.parse(text);
    detail = p.detail || p.title || text;
    type = p.type;
  } catch { /* not JSON */ }
  const e = new Error(detail || ('HTTP ' + status));
  e.status = status;
  e.type = type; // the problem's stable URN, e.g. urn:pixflow:problem:not-an-image
  return e;
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

export function fmtBytes(n) {
  if (n == null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
}

/** The header: navigation and the API key field. */
export function header(current) {
  const nav = el('nav', { 'aria-label': 'Main' });
  for (const [href, label] of [['/', 'Gallery'], ['/upload.html', 'Upload'], ['/admin.html', 'Admin']]) {
    nav.append(el('a', { href, 'aria-current': href === current ? 'page' : null, text: label }));
  }
  const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', value: apiKey(),
    placeholder: 'only when keys are configured' });
  const form = el('form', { class: 'key', onsubmit: (ev) => {
    ev.preventDefault();
    if (input.value.trim()) localStorage.setItem(KEY, input.value.trim()); else localStorage.removeItem(KEY);
    location.reload();
  } }, el('label', { for: 'api-key', text: 'API key' }), input, el('button', { type: 'submit', text: 'Save' }));
  const h = el('header', {}, el('a', { class: 'brand', href: '/', text: 'Pixflow' }), nav, form);
  document.body.prepend(h);
}
