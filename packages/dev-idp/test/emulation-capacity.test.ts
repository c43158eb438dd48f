import { afterEach, describe, expect, it } from 'vitest';

import { CAPACITY_LOGO_URI, startCapacityEmulation, type CapacityEmulation } from '../src/index.js';
import { emulationAuthorize, emulationRequest, post, redeemAt } from './support/emulation-flows.js';

let em: CapacityEmulation | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

type Nested = { data: { tokens: Record<string, unknown>[] } };

describe('Capacity emulation', () => {
  it('takes JSON token requests only and nests its tokens', async () => {
    const server = (em = await startCapacityEmulation({ autoApprove: 'cy' }));
    const formFlow = await emulationAuthorize(server, 'read');
    const form = await redeemAt(server, formFlow);
    expect(form.status).toBe(415);
    expect(form.json.error).toBe('invalid_request');

    const flow = await emulationAuthorize(server, 'read');
    const answer = await redeemAt(server, flow, { json: true });
    expect(answer.status).toBe(200);
    expect(answer.json.access_token).toBeUndefined();
    const [tokens] = (answer.json as unknown as Nested).data.tokens;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read' });
    expect(typeof tokens!.access_token).toBe('string');
    expect(typeof tokens!.refresh_token).toBe('string');
  });

  it('refreshes at its own URL only (JSON, rotated), and reads the API token from X-Access-Token', async () => {
    const server = (em = await startCapacityEmulation({ autoApprove: 'cy' }));
    const flow = await emulationAuthorize(server, 'read');
    const first = ((await redeemAt(server, flow, { json: true })).json as unknown as Nested).data
      .tokens[0]!;
    let refreshToken = first.refresh_token as string;
    const body = () => ({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: server.clientId,
    });
    const atTokenUrl = await post(server.endpoints.token, body(), { json: true });
    expect([atTokenUrl.status, atTokenUrl.json.error]).toEqual([400, 'unsupported_grant_type']);
    expect((await post(server.endpoints.refresh!, body())).status).toBe(415);

    let accessToken = first.access_token as string;
    for (let i = 0; i < 2; i++) {
      const answer = await post(server.endpoints.refresh!, body(), { json: true });
      expect(answer.status).toBe(200);
      const next = (answer.json as unknown as Nested).data.tokens[0]!;
      expect(next.refresh_token).not.toBe(refreshToken);
      const reused = await post(server.endpoints.refresh!, body(), { json: true });
      expect(reused.json.error).toBe('invalid_grant');
      refreshToken = next.refresh_token as string;
      accessToken = next.access_token as string;
    }
    expect(server.requests.count('token', 'refresh_token')).toBe(6);

    const me = await fetch(server.apiUrl, { headers: { 'x-access-token': accessToken } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { id: 'cy' }, scope: 'read' });
    const bearer = await fetch(server.apiUrl, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(bearer.status).toBe(401);
  });

  it('shows the app logo on the page where the user allows access', async () => {
    const server = (em = await startCapacityEmulation());
    const res = await fetch(emulationRequest(server, 'read').url);
    expect(res.url).toContain('/signin/');
    expect(await res.text()).toContain(`<img alt="" src="${CAPACITY_LOGO_URI}">`);
    expect(server.providerConfig().logoUri).toBe(CAPACITY_LOGO_URI);
  });
});
