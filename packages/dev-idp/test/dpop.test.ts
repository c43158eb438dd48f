import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.js';
import { dpopKey } from './support/dpop.js';
import { authorize, postForm } from './support/flows.js';

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

describe('dev IdP: DPoP (RFC 9449)', () => {
  it('binds tokens to the proof key, and the demo API checks proof, ath and key', async () => {
    const server = (idp = await startDevIdp());
    const key = dpopKey();
    const flow = await authorize(server, {}, { login: 'gus' });
    const tokenUrl = `${server.issuer}/token`;
    const tokens = await postForm(
      tokenUrl,
      {
        grant_type: 'authorization_code',
        code: flow.callback.searchParams.get('code')!,
        redirect_uri: flow.redirectUri,
        client_id: server.clientId,
        code_verifier: flow.verifier,
      },
      { dpop: key.proof('POST', tokenUrl) },
    );
    expect(tokens.status).toBe(200);
    expect(tokens.json.token_type).toBe('DPoP');
    const at = tokens.json.access_token!;
    const call = (headers: Record<string, string>) =>
      fetch(server.apiUrl, { headers }).then(async (res) => ({
        status: res.status,
        challenge: res.headers.get('www-authenticate') ?? '',
        json: (await res.json()) as Record<string, string>,
      }));

    const good = await call({
      authorization: `DPoP ${at}`,
      dpop: key.proof('GET', server.apiUrl, at),
    });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ sub: 'gus', token_type: 'DPoP' });

    // As a plain bearer token, without a proof, with another key, for another URL, replayed.
    expect((await call({ authorization: `Bearer ${at}` })).status).toBe(401);
    const noProof = await call({ authorization: `DPoP ${at}` });
    expect(noProof.challenge).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const otherKey = await call({
      authorization: `DPoP ${at}`,
      dpop: dpopKey().proof('GET', server.apiUrl, at),
    });
    expect(otherKey.json.error_description).toMatch(/bound/);
    const wrongUrl = await call({
      authorization: `DPoP ${at}`,
      dpop: key.proof('GET', `${server.issuer}/api/echo`, at),
    });
    expect(wrongUrl.json.error_description).toMatch(/htu/);
    const noAth = await call({
      authorization: `DPoP ${at}`,
      dpop: key.proof('GET', server.apiUrl),
    });
    expect(noAth.json.error_description).toMatch(/ath/);
    const proof = key.proof('GET', server.apiUrl, at);
    expect((await call({ authorization: `DPoP ${at}`, dpop: proof })).status).toBe(200);
    const replay = await call({ authorization: `DPoP ${at}`, dpop: proof });
    expect(replay.json.error_description).toMatch(/replayed/);

    // The refresh token is bound too (public client): refreshing needs a proof by the same key.
    const refresh = (dpop?: string) =>
      postForm(
        tokenUrl,
        {
          grant_type: 'refresh_token',
          refresh_token: tokens.json.refresh_token!,
          client_id: server.clientId,
        },
        dpop ? { dpop } : {},
      );
    expect((await refresh()).status).toBe(400);
    const refreshed = await refresh(key.proof('POST', tokenUrl));
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.token_type).toBe('DPoP');
  });

  it('refuses the DPoP scheme for a bearer token', async () => {
    const server = (idp = await startDevIdp());
    const flow = await authorize(server);
    const tokens = await postForm(`${server.issuer}/token`, {
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code')!,
      redirect_uri: flow.redirectUri,
      client_id: server.clientId,
      code_verifier: flow.verifier,
    });
    const at = tokens.json.access_token!;
    const res = await fetch(server.apiUrl, {
      headers: { authorization: `DPoP ${at}`, dpop: dpopKey().proof('GET', server.apiUrl, at) },
    });
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });
});
