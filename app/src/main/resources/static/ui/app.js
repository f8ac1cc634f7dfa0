// Shared by every page: who the requests go as (a signed-in user's access token, or an API key kept in
// localStorage), fetch with problem details, the header.

// Imported rather than fetched: the settings load with the modules, so a page without sign-in draws its
// header as soon as its script runs, with no wait on a request.
import config from './config.json' with { type: 'json' };

const KEY = 'pixflow.apiKey';
const SIGNED_IN_AT = 'pixflow.signedInAt';

/** Sign-in with the identity provider when the server names one (ui/config.json), else null: an API key. */
const signIn = config.signIn ? await startSignIn(config.signIn) : null;

export const apiKey = () => localStorage.getItem(KEY) || '';

/**
 * Keeps {@code token} as this browser's API key when it has none and no one signed in: the first key,
 * made on an open server, closes it, and the page that made it goes on with it. True when kept.
 */
export function keepFirstKey(token) {
  if (signIn || apiKey()) return false;
  localStorage.setItem(KEY, token);
  const input = document.getElementById('api-key');
  if (input) input.value = token;
  return true;
}

export function authHeaders(extra = {}) {
  const k = signIn ? signIn.token() : apiKey();
  return k ? { ...extra, Authorization: 'Bearer ' + k } : extra;
}

/** Fetches JSON from the API; a refusal throws an Error carrying the problem's detail. */
export async function api(path, opts = {}) {
  return (await tagged(path, opts)).value;
}

/** As {@link api}, with the answer's ETag: what an If-Match of a later change names. */
export async function tagged(path, opts = {}) {
  const res = await fetch(path, { ...opts, headers: authHeaders(opts.headers || {}) });
  // A token that ran out (or was revoked) at the provider: sign in again, and come back to this page;
  // but not when the token is fresh from a sign-in (the provider's tokens do not suit this server, an
  // audience that does not match, say): going round again would loop, so the refusal is shown.
  if (res.status === 401 && signIn?.token() && !signIn.fresh()) await signIn.again();
  if (!res.ok) throw await problem(res.status, await res.text());
  return { value: res.status === 204 ? null : await res.json(), etag: res.headers.get('ETag') };
}

/**
 * Whether a delivery URL of this image opens only with the owner's key: a private image's, unsigned (a
 * transform URL is signed in its path, {@code /t/_/} is the unsigned one).
 */
export function needsKey(url, image) {
  return image.visibility === 'private' && !/[?&]sig=/.test(url) && (!url.startsWith('/t/') || url.startsWith('/t/_/'));
}

/**
 * The URL an <img> or a link can use for a delivery URL. A private image's URLs are signed where the
 * server has delivery keys; without them they open only with the owner's key, which an <img> cannot
 * send: such a URL is fetched with it and shown from memory.
 */
export async function viewable(url, image) {
  if (!needsKey(url, image)) return url;
  const res = await fetch(url, { headers: authHeaders() });
  if (!res.ok) throw await problem(res.status, await res.text());
  return URL.createObjectURL(await res.blob());
}

/**
 * Authorization code with PKCE, by oidc-client-ts. A page without a signed-in user sends the browser to
 * the provider, which sends it back to / with a code; / trades the code (and the PKCE verifier) for the
 * tokens, kept in sessionStorage, then goes on to the page first asked for. The access token is renewed
 * with the refresh token, when the provider gives one, before it runs out.
 */
async function startSignIn({ issuer, clientId, scope }) {
  const { UserManager } = await import('./vendor/oidc-client-ts/oidc-client-ts.min.js');
  const manager = new UserManager({ authority: issuer, client_id: clientId, scope, redirect_uri: location.origin + '/',
    post_logout_redirect_uri: location.origin + '/' });
  const leaving = () => new Promise(() => {}); // the page stops here: the browser is on its way elsewhere
  const again = async () => {
    await manager.signinRedirect({ state: location.pathname + location.search });
    return leaving();
  };
  let user = null;
  let failed = null;
  const q = new URLSearchParams(location.search);
  if (location.pathname === '/' && q.has('state') && (q.has('code') || q.has('error'))) {
    try {
      user = await manager.signinRedirectCallback();
      sessionStorage.setItem(SIGNED_IN_AT, String(Date.now()));
      // Only a page of this server: the state came back through the browser.
      const back = new URL(typeof user.state === 'string' ? user.state : '/', location.origin);
      if (back.origin === location.origin && back.pathname !== '/') {
        location.replace(back.pathname + back.search);
        await leaving();
      }
      history.replaceState(null, '', back.origin === location.origin ? back.pathname + back.search : '/');
    } catch (e) {
      failed = e.message; // shown in the header, with a button to try again: no loop through the provider
      history.replaceState(null, '', '/');
    }
  }
  if (!failed) {
    user = user || await manager.getUser();
    if (user?.expired && user.refresh_token) user = await manager.signinSilent().catch(() => null);
    if (!user || user.expired) await again();
  }
  manager.events.addUserLoaded((u) => { user = u; });
  return {
    token: () => (user && !failed ? user.access_token : ''),
    name: () => user?.profile?.preferred_username || user?.profile?.email || user?.profile?.sub || '',
    failed: () => failed,
    fresh: () => Date.now() - Number(sessionStorage.getItem(SIGNED_IN_AT) || 0) < 60_000,
    again,
    signOut: async () => {
      await manager.removeUser();
      // The provider's own sign-out where it has one; otherwise the next page signs in afresh.
      await manager.signoutRedirect({ id_token_hint: user?.id_token }).catch(() => location.assign('/'));
    },
  };
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

/** The header: navigation, and who is signed in or the API key field. */
export function header(current) {
  const nav = el('nav', { 'aria-label': 'Main' });
  for (const [href, label] of [['/', 'Gallery'], ['/upload.html', 'Upload'], ['/admin.html', 'Admin']]) {
    nav.append(el('a', { href, 'aria-current': href === current ? 'page' : null, text: label }));
  }
  const h = el('header', {}, el('a', { class: 'brand', href: '/', text: 'Pixflow' }), nav, signIn ? account() : keyForm());
  document.body.prepend(h);
}

function account() {
  if (signIn.failed()) {
    return el('form', { class: 'key', onsubmit: (ev) => { ev.preventDefault(); signIn.again(); } },
      el('span', { id: 'sign-in-error', class: 'error', role: 'alert', text: 'Sign-in failed: ' + signIn.failed() }),
      el('button', { type: 'submit', text: 'Sign in' }));
  }
  return el('form', { class: 'key', onsubmit: (ev) => { ev.preventDefault(); signIn.signOut(); } },
    el('span', { id: 'signed-in-as', text: signIn.name() }), el('button', { type: 'submit', text: 'Sign out' }));
}

function keyForm() {
  const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', value: apiKey(),
    placeholder: 'only when keys are configured' });
  return el('form', { class: 'key', onsubmit: (ev) => {
    ev.preventDefault();
    if (input.value.trim()) localStorage.setItem(KEY, input.value.trim()); else localStorage.removeItem(KEY);
    location.reload();
  } }, el('label', { for: 'api-key', text: 'API key' }), input, el('button', { type: 'submit', text: 'Save' }));
}
