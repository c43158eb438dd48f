// Run by dev-notices.test.ts in its own process: imports the dev IdP (oidc-provider's import-time
// runtime check), opens an authorization request (devInteractions) and posts to the token endpoint
// (a body the dev IdP has read first), then prints one warning that is not a known notice.
import { startDevIdp } from '../../src/index.js';

const redirect = 'http://127.0.0.1:5999/';
const idp = await startDevIdp({ clientId: 'notices', redirectUris: [redirect] });
const auth = new URL(`${idp.issuer}/auth`);
auth.search = new URLSearchParams({
  client_id: 'notices',
  response_type: 'code',
  redirect_uri: redirect,
  scope: 'openid',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
}).toString();
const started = await fetch(auth, { redirect: 'manual' });
await fetch(new URL(started.headers.get('location') ?? '/', idp.issuer), { redirect: 'manual' });
await fetch(`${idp.issuer}/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'notices' }),
});
console.warn('oidc-provider WARNING: a warning nobody expected');
await idp.close();
