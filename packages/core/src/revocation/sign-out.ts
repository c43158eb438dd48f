import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { requestOptions } from '../http/request-options.js';
import { withSessionLock } from '../lock/with-refresh-lock.js';
import { normalizeUiLocales } from '../authorization/auth-params.js';
import { checkRedirectUri } from '../config/validate-provider-config.js';
import { LatchkeyError } from '../errors.js';
import { readTokens } from '../tokens/read-tokens.js';
import type { ProviderConfig } from '../types.js';

/**
 * Signs the current account of `provider` out (or `account`, or with `allAccounts` every account,
 * one after another; the others' sessions stay): revokes the refresh token (which ends the grant at most servers), then the
 * access token, each with its `token_type_hint`, and deletes the local tokens whatever the server
 * answered — a failed revocation must not keep a user signed in locally. Runs under the refresh
 * lock of the session, so that a refresh in flight cannot write the tokens back after they are gone.
 * When the current account goes, the most recently updated account left becomes current. Signing
 * out an account without a session only says so (a `signed_out` event). With `endSession`, then
 * builds the provider's end-session URL from the id_token kept with the session (with
 * `allAccounts`, the current account's), which leaves core only inside that URL; revocation never
 * depends on it.
 * @see RFC 7009 §2.1 (revocation request), §2.2, OpenID Connect RP-Initiated Logout 1.0 §2
 */
export async function signOut(
  ctx: ClientContext,
  provider: ProviderConfig,
  options: SignOutOptions = {},
): Promise<SignOutResult> {
  // The call's input is checked first: a bad one must not leave the user half signed out.
  const postLogoutRedirectUri =
    options.postLogoutRedirectUri === undefined
      ? undefined
      : checkPostLogoutRedirectUri(options.postLogoutRedirectUri);
  const uiLocales = normalizeUiLocales(options.uiLocales);
  const current = await ctx.storage.getCurrentAccount(provider.id);
  // The current account first: with endSession, its id_token is the hint.
  const accounts: (string | undefined)[] = options.allAccounts
    ? [...new Set((await ctx.storage.listTokens(provider.id)).map((r) => r.account))].sort(
        (a, b) => Number(b === current) - Number(a === current),
      )
    : [options.account ?? current];
  if (!accounts.length) accounts.push(undefined);
  let revoked = true;
  let idToken: string | undefined;
  for (const account of accounts) {
    const result =
      account === undefined
        ? revokeAndForget(ctx, provider, undefined)
        : withSessionLock(ctx, provider.id, account, () => revokeAndForget(ctx, provider, account));
    const done = await result;
    revoked &&= done.revoked;
    idToken ??= done.idToken;
  }
  if (!options.endSession) return { revoked };
  // RP-Initiated Logout comes after revocation and the local sign-out, which never depend on it.
  const as = await resolveServer(ctx, provider);
  if (!as.end_session_endpoint) return { revoked };
  const url = new URL(as.end_session_endpoint);
  // §2: id_token_hint (RECOMMENDED), client_id, post_logout_redirect_uri, state, ui_locales.
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('client_id', provider.clientId);
  let state: string | undefined;
  if (postLogoutRedirectUri) {
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    state = oauth.generateRandomState();
    url.searchParams.set('state', state);
  }
  if (uiLocales) url.searchParams.set('ui_locales', uiLocales.join(' '));
  return { revoked, endSessionUrl: url.href, ...(state !== undefined && { state }) };
}

/** What {@link signOut} is asked to do besides revoking and forgetting the tokens. */
export interface SignOutOptions {
  /** The account (`sub`) to sign out; default the provider's current account. */
  account?: string;
  /** Sign every account of the provider out. */
  allAccounts?: boolean;
  /**
   * Also end the user's session at the provider (OpenID Connect RP-Initiated Logout 1.0): the
   * result then carries the `end_session_endpoint` URL to send the user to, when the provider has one.
   */
  endSession?: boolean;
  /**
   * Where the provider sends the user back after logout (it must be registered there as a
   * `post_logout_redirect_uri`); a `state` is added and returned for the app to check.
   */
  postLogoutRedirectUri?: string;
  /** `ui_locales` for the provider's logout page. */
  uiLocales?: string | string[];
}

export interface SignOutResult {
  /** Whether the server confirmed the revocation of every token (RFC 7009). */
  revoked: boolean;
  /**
   * With `endSession`: the provider's `end_session_endpoint` with `id_token_hint`, `client_id` and,
   * when asked, `post_logout_redirect_uri` and `state`. Absent when the provider advertises no
   * end-session endpoint. It carries the id_token: open it, do not log or store it.
   */
  endSessionUrl?: string;
  /** The `state` sent with `post_logout_redirect_uri`: the redirect back must carry the same. */
  state?: string;
}

function checkPostLogoutRedirectUri(value: unknown): string {
  try {
    return checkRedirectUri(value);
  } catch (err) {
    throw new LatchkeyError(
      'invalid_request',
      (err as Error).message.replace(
        'Provider config: redirectUri',
        'Option postLogoutRedirectUri',
      ),
    );
  }
}

/**
 * Revokes and deletes the session of `account` (under its lock); `undefined`: there is no session
 * to sign out (nothing to revoke, only the event).
 */
async function revokeAndForget(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string | undefined,
): Promise<{ revoked: boolean; idToken?: string }> {
  // Tokens of an earlier definition of this id are dropped unrevoked: never sent to this server.
  const record =
    account === undefined
      ? undefined
      : await readTokens(ctx, provider, { account, announce: false, locked: true });
  let revoked = false;
  try {
    if (record) {
      const as = await resolveServer(ctx, provider).catch(() => undefined);
      if (as?.revocation_endpoint) {
        const client = clientOf(provider);
        const revoke = (token: string, hint: 'refresh_token' | 'access_token') =>
          revokeToken(ctx, provider, as, client, token, hint);
        const ok = (p: Promise<void>) =>
          p.then(
            () => true,
            () => false,
          );
        // Refresh token first: revoking it ends the grant, so a failure after it leaves nothing usable.
        const refreshRevoked = record.refreshToken
          ? await ok(revoke(record.refreshToken, 'refresh_token'))
          : true;
        const accessRevoked = await ok(revoke(record.accessToken, 'access_token'));
        revoked = refreshRevoked && accessRevoked;
      }
    }
  } finally {
    if (account !== undefined) await ctx.storage.deleteTokens(provider.id, account);
    ctx.emit({
      type: 'signed_out',
      provider: provider.id,
      ...(account !== undefined && { account }),
      detail: { revoked },
    });
  }
  return { revoked, ...(record?.idToken !== undefined && { idToken: record.idToken }) };
}

/**
 * Asks the server to revoke one token, with its `token_type_hint`, as a public client (`client_id`
 * only).
 * @see RFC 7009 §2.1, §2.2
 */
export async function revokeToken(
  ctx: ClientContext,
  provider: ProviderConfig,
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<void> {
  const response = await oauth.revocationRequest(as, client, oauth.None(), token, {
    ...requestOptions(ctx, provider),
    additionalParameters: { token_type_hint: hint },
  });
  await oauth.processRevocationResponse(response);
}
