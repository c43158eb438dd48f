import { AUTHORIZATION_PARAM_NAMES, LatchkeyError } from '@latchkey/core';
import type {
  BeginAuthorizationOptions,
  BrokerAuthorizationParams,
  TokenInfo,
} from '@latchkey/core';
import { brokerClient } from './broker-client.js';
import { keepAlive } from './keep-alive.js';
import { redirectUriFor, type RegisteredProvider } from './provider-registry.js';
import { deleteFlow, putFlow, type PendingFlow } from './session-store.js';
import { personAnswered, personWindowClosed, waitForPerson } from './person-window.js';
import { browser, identityRedirectUri } from '../platform/index.js';

/** How long a login window may stay open before the flow fails with `timeout`. */
export const FLOW_TIMEOUT_MS = 5 * 60_000;

/** What a sign-in asks for: scopes and the per-call authorization parameters (checked by core). */
export interface FlowOptions extends BrokerAuthorizationParams {
  scopes?: string[];
  /** Silent re-authentication only: the account whose id_token is the `id_token_hint`. */
  account?: string;
}

/** The per-call authorization parameters of `params` that are given (not absent, not empty text). */
export function authorizationParams(params: BrokerAuthorizationParams): BrokerAuthorizationParams {
  const out: Record<string, unknown> = {};
  for (const name of AUTHORIZATION_PARAM_NAMES) {
    const value = params[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out as BrokerAuthorizationParams;
}

/** {@link FlowOptions} as core's `beginAuthorization` takes them (only the ones given). */
function beginOptions(redirectUri: string, options: FlowOptions): BeginAuthorizationOptions {
  return {
    redirectUri,
    ...(options.scopes && { scopes: options.scopes }),
    ...authorizationParams(options),
  };
}

/**
 * Whether `redirectUri` is this extension's `launchWebAuthFlow` redirect (`https://<id>.chromiumapp.org/`
 * in Chromium, `https://<hash>.extensions.allizom.org/` in Firefox; any path).
 */
function isIdentityRedirect(redirectUri: string): boolean {
  const identity = identityRedirectUri();
  return (
    identity !== undefined &&
    typeof browser.identity?.launchWebAuthFlow === 'function' &&
    new URL(redirectUri).origin === new URL(identity).origin
  );
}

/**
 * Runs the authorization code flow for one provider: core builds the request (PKCE S256, state,
 * nonce) and keeps the transaction in IndexedDB; the browser shows the login page; core checks the
 * callback (state, RFC 9207 iss) and exchanges the code.
 * @see RFC 6749 §4.1, RFC 7636, RFC 9207
 */
export async function runAuthFlow(
  provider: RegisteredProvider,
  options: FlowOptions,
): Promise<TokenInfo> {
  const client = await brokerClient();
  const redirectUri = redirectUriFor(provider.config);
  const begin = beginOptions(redirectUri, options);
  const { url, state } = await client.beginAuthorization(provider.config.id, begin);
  const stop = keepAlive();
  try {
    const callbackUrl = isIdentityRedirect(redirectUri)
      ? await webAuthFlow(url)
      : await popupWindowFlow(url, state, provider.config.id, redirectUri);
    return await client.completeAuthorization(callbackUrl);
  } finally {
    stop();
  }
}

/**
 * Silent re-authentication: core's `beginSilentAuthorization` (OIDC `prompt=none`, the last
 * id_token as `id_token_hint`) opened with `launchWebAuthFlow({ interactive: false })`, so that no
 * window ever shows. While the provider's session lives, it answers with a code at once and the
 * session is back; otherwise its `login_required` (or `consent_required`, `interaction_required`,
 * `account_selection_required`) comes back through the redirect and rejects here. A page that
 * would need the person (no redirect without interaction) is `login_required` too. Only for a
 * provider with `silentReauth: true` whose redirect URI is this browser's `launchWebAuthFlow` one;
 * others get `login_required` at once.
 * @see OpenID Connect Core 1.0 §3.1.2.1 (prompt=none), §3.1.2.6
 */
export async function runSilentAuthFlow(
  provider: RegisteredProvider,
  options: FlowOptions,
): Promise<TokenInfo> {
  const { config } = provider;
  const redirectUri = redirectUriFor(config);
  if (config.silentReauth !== true || !isIdentityRedirect(redirectUri)) {
    throw new LatchkeyError('login_required', `No session for ${config.id}: sign in`);
  }
  const client = await brokerClient();
  const { prompt: _prompt, account, ...rest } = options;
  const { url } = await client.beginSilentAuthorization(config.id, {
    ...beginOptions(redirectUri, rest),
    ...(account !== undefined && { account }),
  });
  const stop = keepAlive();
  try {
    return await client.completeAuthorization(await webAuthFlow(url, false));
  } finally {
    stop();
  }
}

/**
 * Ends the person's session at the provider (OpenID Connect RP-Initiated Logout 1.0 §2) through
 * the login-window machinery: `endSessionUrl` (core's, with `id_token_hint`, `client_id`,
 * `post_logout_redirect_uri` = the provider's redirect URI and `state`) opens in
 * `launchWebAuthFlow`, or in a popup window whose redirect is caught like a login's; the redirect
 * back must carry `state` (§3). The tokens are already revoked: nothing here touches them.
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, §3
 */
export async function runEndSession(
  provider: RegisteredProvider,
  endSessionUrl: string,
  state: string | undefined,
): Promise<void> {
  const redirectUri = redirectUriFor(provider.config);
  const stop = keepAlive();
  let back: string;
  try {
    back =
      isIdentityRedirect(redirectUri) || state === undefined
        ? await webAuthFlow(endSessionUrl)
        : await popupWindowFlow(endSessionUrl, state, provider.config.id, redirectUri, 'logout');
  } finally {
    stop();
  }
  if (state !== undefined && new URL(back).searchParams.get('state') !== state) {
    throw new LatchkeyError(
      'state_mismatch',
      'The provider came back from logout with another state',
    );
  }
}

/**
 * The post-logout redirect URI for `provider`: its redirect URI (the dev IdP and most providers
 * register the same URIs for both), or none when it cannot be caught.
 */
export function postLogoutRedirectUri(provider: RegisteredProvider): string | undefined {
  const redirectUri = redirectUriFor(provider.config);
  return redirectUri === '' ? undefined : redirectUri;
}

/**
 * `chrome.identity.launchWebAuthFlow`: returns once the provider redirects to chromiumapp.org.
 * Not `interactive`: no window shows; a page that does not redirect by itself fails with
 * `login_required`.
 */
async function webAuthFlow(url: string, interactive = true): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LatchkeyError('timeout', 'The login window did not return in time')),
      FLOW_TIMEOUT_MS,
    );
  });
  try {
    const flow = browser.identity.launchWebAuthFlow({ url, interactive }).catch((cause) => {
      const message = cause instanceof Error ? cause.message : String(cause);
      // Chrome's wording when a non-interactive flow would need a window: "User interaction required."
      if (!interactive) {
        throw new LatchkeyError('login_required', `Silent sign-in needs the person: ${message}`, {
          cause,
        });
      }
      // Chrome's wording when the window is closed: "The user did not approve access."
      if (/did not approve|closed|cancel/i.test(message)) {
        throw new LatchkeyError('user_cancelled', 'The login window was closed', { cause });
      }
      throw new LatchkeyError('network_error', `The login page failed: ${message}`, { cause });
    });
    const result = await Promise.race([flow, timeout]);
    if (!result) throw new LatchkeyError('user_cancelled', 'The login window returned nothing');
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A popup window to the authorization URL, for providers whose redirect URI is not the
 * chromiumapp.org one. Its redirect is caught by the top-level `webNavigation` listener
 * ({@link catchRedirect}), which works after a worker restart too: the flow is in session storage and
 * the transaction in IndexedDB.
 */
async function popupWindowFlow(
  url: string,
  state: string,
  provider: string,
  redirectUri: string,
  kind: PendingFlow['kind'] = 'login',
): Promise<string> {
  const flow: PendingFlow = {
    state,
    provider,
    redirectUri,
    createdAt: Date.now(),
    ...(kind === 'logout' && { kind }),
  };
  await putFlow(flow);
  try {
    return await waitForPerson<string>({
      key: flowKey(state),
      url,
      width: 520,
      height: 720,
      timeoutMs: FLOW_TIMEOUT_MS,
      what: kind === 'logout' ? 'Logout' : 'Login',
      opened: (windowId) => putFlow({ ...flow, windowId }),
      // A flow that timed out or failed leaves no login window behind.
      closeOnFailure: true,
    });
  } finally {
    await deleteFlow(state);
  }
}

const flowKey = (state: string): string => `flow:${state}`;

/**
 * Whether `url` is the redirect of `flow`: the same scheme, host, port and path, compared one by one
 * (a custom scheme's `origin` is `"null"` for every URL, so origins cannot be compared), and the
 * flow's `state`.
 * @see RFC 6749 §3.1.2, RFC 8252 §7.1
 */
export function isRedirectOf(url: string, flow: PendingFlow): boolean {
  try {
    const u = new URL(url);
    const r = new URL(flow.redirectUri);
    return (
      u.protocol === r.protocol &&
      u.hostname === r.hostname &&
      u.port === r.port &&
      u.pathname === r.pathname &&
      u.searchParams.get('state') === flow.state
    );
  } catch {
    return false;
  }
}

/**
 * A navigation reached a pending flow's redirect URI: close its window and finish. When the worker
 * was restarted meanwhile nobody waits; the code is then exchanged here so the session still lands.
 */
export async function catchRedirect(flow: PendingFlow, url: string): Promise<void> {
  await deleteFlow(flow.state);
  if (flow.windowId !== undefined)
    void browser.windows.remove(flow.windowId).catch(() => undefined);
  if (personAnswered(flowKey(flow.state), url)) return;
  // A logout's redirect has no code: nothing to finish when nobody waits.
  if (flow.kind === 'logout') return;
  await (await brokerClient()).completeAuthorization(url).catch((error: unknown) => {
    console.warn('latchkey: a resumed flow failed', error);
  });
}

/** The login window of a pending flow was closed before its redirect. */
export function flowWindowClosed(flow: PendingFlow): void {
  void deleteFlow(flow.state).catch(() => undefined);
  personWindowClosed(flowKey(flow.state), 'login');
}
