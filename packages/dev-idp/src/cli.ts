// `npm start -w @latchkey/dev-idp`: the dev IdP and its demo API on 127.0.0.1 (PORT, default 9400).
import { startDevIdp } from './index.js';

const port = Number(process.env.PORT ?? 9400);
const corsOrigins = (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean);
const redirectUris = (process.env.REDIRECT_URIS ?? '').split(',').filter(Boolean);
const idp = await startDevIdp({ port, corsOrigins, redirectUris });

console.log(`Latchkey dev IdP (oidc-provider) is running.
  issuer         ${idp.issuer}
  client id      ${idp.clientId} (public: no secret, PKCE S256 required)
  redirect URIs  ${idp.redirectUris.join('\n                 ')}
  demo API       ${idp.apiUrl} (Authorization: Bearer <access token>)
  log in as      any name, any password
Try it: open ${idp.issuer}/.well-known/openid-configuration`);

const stop = () => {
  void idp.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
