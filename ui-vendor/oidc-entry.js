// What the pages take from oidc-client-ts to sign in (authorization code with PKCE, ui/app.js): the
// user manager, and the storage it keeps the signed-in user in.
export { UserManager, WebStorageStateStore } from 'oidc-client-ts';
