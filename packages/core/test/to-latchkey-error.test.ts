import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';

import { LatchkeyError } from '../src/index.js';
import { toLatchkeyError } from '../src/http/to-latchkey-error.js';

// Real oauth4webapi processing of real Response objects: only the mapping is under test.
const as: oauth.AuthorizationServer = {
  issuer: 'https://as.example',
  token_endpoint: 'https://as.example/token',
};
const client: oauth.Client = { client_id: 'c', token_endpoint_auth_method: 'none' };

async function refreshFailure(body: string, status: number, headers: HeadersInit = {}) {
  const response = new Response(body, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
  try {
    await oauth.processRefreshTokenResponse(as, client, response);
  } catch (err) {
    return toLatchkeyError(err, 'Refresh');
  }
  throw new Error('expected oauth4webapi to refuse the response');
}

describe('toLatchkeyError', () => {
  it('keeps an RFC 6749 §5.2 error as the code, with description, uri and status', async () => {
    const e = await refreshFailure(
      JSON.stringify({
        error: 'invalid_grant',
        error_description: 'refresh token revoked',
        error_uri: 'https://as.example/errors/1',
      }),
      400,
    );
    expect(e).toBeInstanceOf(LatchkeyError);
    expect(e).toMatchObject({
      code: 'invalid_grant',
      error: 'invalid_grant',
      error_description: 'refresh token revoked',
      error_uri: 'https://as.example/errors/1',
      status: 400,
      retryable: false,
    });
  });

  it('keeps an unknown server error in `error` under a generic code', async () => {
    const e = await refreshFailure('{"error":"quota_exceeded"}', 400);
    expect(e).toMatchObject({ code: 'invalid_request', error: 'quota_exceeded' });
    const f = await refreshFailure('{"error":"overloaded"}', 503);
    expect(f).toMatchObject({ code: 'server_error', status: 503, retryable: true });
  });

  it('marks a 5xx without an OAuth body retryable server_error', async () => {
    const e = await refreshFailure('<html>bad gateway</html>', 502, {
      'content-type': 'text/html',
    });
    expect(e).toMatchObject({ code: 'server_error', status: 502, retryable: true });
  });

  it('marks a garbled body retryable invalid_response', async () => {
    const e = await refreshFailure('{"access_token": "abc", ', 200);
    expect(e).toMatchObject({ code: 'invalid_response', retryable: true });
    const g = await refreshFailure('{"token_type":"bearer"}', 200);
    expect(g).toMatchObject({ code: 'invalid_response' });
  });

  it('refuses an unknown token_type as invalid_response', async () => {
    const e = await refreshFailure('{"access_token":"a","token_type":"mac"}', 200);
    expect(e).toMatchObject({ code: 'invalid_response', retryable: false });
  });

  it('turns an authorization error response into its code (RFC 6749 §4.1.2.1)', () => {
    const params = new URLSearchParams({
      error: 'access_denied',
      error_description: 'user said no',
      state: 's',
    });
    let e: LatchkeyError | undefined;
    try {
      oauth.validateAuthResponse(as, client, params, 's');
    } catch (err) {
      e = toLatchkeyError(err, 'Authorization');
    }
    expect(e).toMatchObject({
      code: 'access_denied',
      error: 'access_denied',
      error_description: 'user said no',
    });
  });

  it('reads a bearer challenge (RFC 6750 §3)', async () => {
    const response = new Response(null, {
      status: 401,
      headers: {
        'www-authenticate': 'Bearer error="invalid_token", error_description="expired"',
      },
    });
    let e: LatchkeyError | undefined;
    try {
      await oauth.processUserInfoResponse(
        { ...as, userinfo_endpoint: 'https://as.example/me' },
        client,
        oauth.skipSubjectCheck,
        response,
      );
    } catch (err) {
      e = toLatchkeyError(err, 'Userinfo');
    }
    expect(e).toMatchObject({ code: 'invalid_token', error_description: 'expired', status: 401 });
  });

  it('tells timeouts and network failures from oauth4webapi argument errors', async () => {
    // A loopback server that accepts and never answers, then a port where nothing listens.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const timeout = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(50),
    }).catch((err: unknown) => err);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    expect(toLatchkeyError(timeout, 'x')).toMatchObject({ code: 'timeout', retryable: true });
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((err: unknown) => err);
    expect(toLatchkeyError(refused, 'x')).toMatchObject({ code: 'network_error', retryable: true });

    let argument: unknown;
    try {
      oauth.validateAuthResponse(as, client, 'not params' as unknown as URLSearchParams, 's');
    } catch (err) {
      argument = err;
    }
    expect(argument).toBeInstanceOf(TypeError);
    expect(toLatchkeyError(argument, 'x')).toMatchObject({ code: 'internal_error' });
  });

  it('passes a LatchkeyError through unchanged', () => {
    const original = new LatchkeyError('state_mismatch', 'no');
    expect(toLatchkeyError(original, 'x')).toBe(original);
  });
});
