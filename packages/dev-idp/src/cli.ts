// `npm start -w @latchkey/dev-idp`: the dev IdP and its demo API on 127.0.0.1.
// Environment: PORT (default 9400), CORS_ORIGINS and REDIRECT_URIS (comma-separated), CLIENT_ID.
import { startDevIdp } from './index.js';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const idp = await startDevIdp({
  port: Number(process.env.PORT ?? 9400),
  corsOrigins: list(process.env.CORS_ORIGINS),
  redirectUris: list(process.env.REDIRECT_URIS),
  ...(process.env.CLIENT_ID ? { clientId: process.env.CLIENT_ID } : {}),
});

console.log(`Latchkey dev IdP (oidc-provider) on 127.0.0.1
  issuer         ${idp.issuer}
  discovery      ${idp.issuer}/.well-known/openid-configuration
  client id      ${idp.clientId} (public: no secret, PKCE S256 required)
  redirect URIs  ${idp.redirectUris.join('\n                 ')}
  demo API       ${idp.apiUrl} (Authorization: Bearer <access token>)
  log in as      any name, any password
Try it (device flow, then open verification_uri_complete in a browser):
  curl -s -d client_id=${idp.clientId} -d 'scope=openid profile' ${idp.issuer}/device/auth
Ctrl-C stops it.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void idp.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
