import { LatchkeyError } from '@latchkey/core';
import type { BeginAuthorizationOptions, TokenInfo } from '@latchkey/core';
import { brokerClient } from './broker-client.js';
import { keepAlive } from './keep-alive.js';
import { redirectUriFor, type RegisteredProvider } from './provider-registry.js';
import { deleteFlow, putFlow, type PendingFlow } from './session-store.js';
import { personAnswered, personWindowClosed, waitForPerson } from './person-window.js';

/** How long a login window may stay open before the flow fails with `timeout`. */
export const FLOW_TIMEOUT_MS = 5 * 60_000;

export interface FlowOptions {
  scopes?: string[];
  prompt?: string;
  loginHint?: string;
}

/** Whether `redirectUri` is this extension's `https://<id>.chromiumapp.org/` redirect. */
function isIdentityRedirect(redirectUri: string): boolean {
  return (
    typeof chrome.identity?.launchWebAuthFlow === 'function' &&
    new URL(redirectUri).origin === new URL(chrome.identity.getRedirectURL()).origin
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
  const begin: BeginAuthorizationOptions = { redirectUri };
  if (options.scopes) begin.scopes = options.scopes;
  if (options.prompt) begin.prompt = options.prompt;
  if (options.loginHint) begin.loginHint = options.loginHint;
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

/** `chrome.identity.launchWebAuthFlow`: returns once the provider redirects to chromiumapp.org. */
async function webAuthFlow(url: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LatchkeyError('timeout', 'The login window did not return in time')),
      FLOW_TIMEOUT_MS,
    );
  });
  try {
    const flow = chrome.identity.launchWebAuthFlow({ url, interactive: true }).catch((cause) => {
      const message = cause instanceof Error ? cause.message : String(cause);
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
): Promise<string> {
  const flow: PendingFlow = { state, provider, redirectUri, createdAt: Date.now() };
  await putFlow(flow);
  try {
    return await waitForPerson<string>({
      key: flowKey(state),
      url,
      width: 520,
      height: 720,
      timeoutMs: FLOW_TIMEOUT_MS,
      what: 'Login',
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
  if (flow.windowId !== undefined) void chrome.windows.remove(flow.windowId).catch(() => undefined);
  if (personAnswered(flowKey(flow.state), url)) return;
  await (await brokerClient()).completeAuthorization(url).catch((error: unknown) => {
    console.warn('latchkey: a resumed flow failed', error);
  });
}

/** The login window of a pending flow was closed before its redirect. */
export function flowWindowClosed(flow: PendingFlow): void {
  void deleteFlow(flow.state).catch(() => undefined);
  personWindowClosed(flowKey(flow.state), 'login');
}
