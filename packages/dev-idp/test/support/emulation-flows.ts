import { createHash, randomBytes } from 'node:crypto';

import type { Emulation } from '../../src/index.js';
import { loginOverHttp, type LoginOptions } from '../../src/testing/index.js';

/** An authorization request to an emulation as a public client builds it (RFC 7636 S256). */
export function emulationRequest(
  em: Emulation,
  scope: string,
  params: Record<string, string> = {},
): { url: string; verifier: string; redirectUri: string; state: string } {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('base64url');
  const redirectUri = params.redirect_uri ?? em.redirectUris[0]!;
  const url = new URL(em.endpoints.authorize);
  url.search = new URLSearchParams({
    client_id: em.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url: url.href, verifier, redirectUri, state };
}

/** Signs in at the emulation's page over HTTP; the callback URL and what redeems its code. */
export async function emulationAuthorize(
  em: Emulation,
  scope: string,
  params: Record<string, string> = {},
  options: LoginOptions = {},
) {
  const request = emulationRequest(em, scope, params);
  const callback = new URL(await loginOverHttp(request.url, options));
  return { ...request, callback };
}

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

/** POSTs `body` as a form, or as JSON with `json: true`. */
export async function post(
  url: string,
  body: Record<string, string>,
  { json = false, headers = {} }: { json?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: json ? JSON.stringify(body) : new URLSearchParams(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: tests look at `text`
  }
  return { status: res.status, headers: res.headers, json: parsed, text };
}

/** The authorization code grant for a flow (RFC 6749 §4.1.3 with the RFC 7636 verifier). */
export function redeemAt(
  em: Emulation,
  flow: Awaited<ReturnType<typeof emulationAuthorize>>,
  options: { json?: boolean; overrides?: Record<string, string> } = {},
): Promise<Answer> {
  return post(
    em.endpoints.token,
    {
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code') ?? '',
      redirect_uri: flow.redirectUri,
      client_id: em.clientId,
      code_verifier: flow.verifier,
      ...options.overrides,
    },
    { json: options.json ?? false },
  );
}

export function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
} {
  const [h, c] = jwt.split('.');
  const part = (s: string) =>
    JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(h!), claims: part(c!) };
}
