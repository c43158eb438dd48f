import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp, type TamperContext } from '../src/index.js';
import { authorize, postForm, redeem } from './support/flows.js';

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

describe('dev IdP: tamper hook', () => {
  it('answers instead of the provider, and the request is still counted', async () => {
    const seen: TamperContext[] = [];
    const server = (idp = await startDevIdp({
      tamper: (ctx) => {
        seen.push(ctx);
        return ctx.endpoint === 'token'
          ? { status: 500, body: '{"error":"server_error"', headers: { 'x-tampered': '1' } }
          : undefined;
      },
    }));
    const flow = await authorize(server);
    const res = await redeem(server, flow);
    expect(res.status).toBe(500);
    expect(res.text).toBe('{"error":"server_error"');
    expect(res.headers.get('x-tampered')).toBe('1');
    expect(server.requests.count('token', 'authorization_code')).toBe(1);
    const token = seen.find((c) => c.endpoint === 'token')!;
    expect(token.grantType).toBe('authorization_code');
    expect(token.body?.get('code_verifier')).toBe(flow.verifier);

    // The provider never saw it: the code is still good once the hook is gone.
    server.setTamper(undefined);
    expect((await redeem(server, flow)).status).toBe(200);
  });

  it('rewrites the authorization redirect (RFC 9207 iss) and token JSON', async () => {
    const server = (idp = await startDevIdp({
      tamper: (ctx) =>
        ctx.endpoint === 'authorization'
          ? {
              rewriteRedirect: (loc) => {
                loc.searchParams.delete('iss');
                return loc;
              },
            }
          : ctx.endpoint === 'token'
            ? { rewriteJson: (json) => ({ ...json, token_type: 'DPoP', extra: true }) }
            : undefined,
    }));
    const flow = await authorize(server);
    expect(flow.callback.searchParams.get('code')).toBeTruthy();
    expect(flow.callback.searchParams.has('iss')).toBe(false);
    const res = await redeem(server, flow);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'DPoP', extra: true });
    expect(res.json.access_token).toBeTruthy();
  });

  it('rewrites error responses too', async () => {
    const server = (idp = await startDevIdp({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? { rewriteJson: (json) => ({ ...json, error_description: 'reshaped' }) }
          : undefined,
    }));
    const res = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
      client_id: server.clientId,
    });
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_description: 'reshaped' });
  });

  it('delays, then lets the provider (or another action) answer', async () => {
    const server = (idp = await startDevIdp());
    server.setTamper((ctx) =>
      ctx.endpoint === 'revocation'
        ? { delayMs: 20, then: { status: 503, body: '' } }
        : ctx.endpoint === 'userinfo'
          ? { delayMs: 20 }
          : undefined,
    );
    const revoke = await postForm(`${server.issuer}/token/revocation`, {
      token: 'x',
      client_id: server.clientId,
    });
    expect(revoke.status).toBe(503);
    const userinfo = await fetch(`${server.issuer}/me`);
    expect(userinfo.status).toBe(401); // the provider's own answer, after the delay
    await userinfo.body?.cancel();
  });

  it('hangs until the client gives up, and close() ends hanging and delayed requests', async () => {
    const server = (idp = await startDevIdp({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? { hang: true }
          : ctx.endpoint === 'revocation'
            ? { delayMs: 60_000 }
            : undefined,
    }));
    await expect(
      fetch(`${server.issuer}/token`, { method: 'POST', signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    const outcome = (p: Promise<Response>) =>
      p.then(
        (res) => `answered ${res.status}`,
        () => 'failed',
      );
    const hanging = outcome(fetch(`${server.issuer}/token`, { method: 'POST' }));
    const delayed = outcome(fetch(`${server.issuer}/token/revocation`, { method: 'POST' }));
    // Keep-alive: an idle pooled connection must not hold close() either.
    await (await fetch(`${server.issuer}/jwks`)).text();
    while (server.requests.count('token') < 2 || server.requests.count('revocation') < 1)
      await new Promise((r) => setTimeout(r, 5));
    await server.close();
    expect(await hanging).toBe('failed');
    expect(await delayed).toBe('failed');
    await expect(fetch(`${server.issuer}/jwks`)).rejects.toThrow();
  });
});
