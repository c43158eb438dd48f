import { createHash, randomBytes } from 'node:crypto';

import type { DevIdp } from '../../src/index.js';
import { loginOverHttp, type LoginOptions } from '../../src/testing/index.js';

/** An authorization request as a public client builds it (RFC 7636 §4.1–4.3, S256). */
export function authorizationRequest(
  idp: DevIdp,
  params: Record<string, string> = {},
): { url: string; verifier: string; redirectUri: string; state: string } {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('base64url');
  const redirectUri = params.redirect_uri ?? idp.redirectUris[0]!;
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: idp.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state,
    nonce: randomBytes(8).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  }).toString();
  return { url: url.href, verifier, redirectUri, state };
}

/** Logs in over HTTP and returns the callback URL with the pieces needed to redeem the code. */
export async function authorize(
  idp: DevIdp,
  params: Record<string, string> = {},
  options: LoginOptions = {},
) {
  const request = authorizationRequest(idp, params);
  const callback = new URL(await loginOverHttp(request.url, options));
  return { ...request, callback };
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await res.text();
  let json: Record<string, string> = {};
  try {
    json = JSON.parse(text) as Record<string, string>;
  } catch {
    // not JSON: tests look at `text`
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Authorization code grant with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export async function redeem(idp: DevIdp, flow: Awaited<ReturnType<typeof authorize>>) {
  return postForm(`${idp.issuer}/token`, {
    grant_type: 'authorization_code',
    code: flow.callback.searchParams.get('code') ?? '',
    redirect_uri: flow.redirectUri,
    client_id: idp.clientId,
    code_verifier: flow.verifier,
  });
}

export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
