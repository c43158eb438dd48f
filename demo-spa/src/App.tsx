import { useEffect, useRef, useState } from 'preact/hooks';
import { useLatchkey, useSession } from '@latchkey/web/preact';
import type { Session } from '@latchkey/web/preact';
import { AccountPanel } from './components/AccountPanel.js';
import { AccountsPanel } from './components/AccountsPanel.js';
import { ApiPanel } from './components/ApiPanel.js';
import { SignInPanel } from './components/SignInPanel.js';
import { ProviderPicker } from './components/ProviderPicker.js';
import { pickedProvider, type DemoProvider } from './config.js';
import { noticeFor } from './notices.js';

export interface AppProps {
  /** The providers to pick from (one: no picker). */
  providers: DemoProvider[];
  /** An error from handling the redirect callback on load. */
  startupError?: unknown;
  /** This load is the provider's return from "Sign out everywhere" (a redirect sign-out). */
  signedOutAtProvider?: boolean;
}

export function App({ providers, startupError, signedOutAtProvider }: AppProps) {
  const latchkey = useLatchkey();
  const [picked, setPicked] = useState(() => pickedProvider(providers));
  // The redirect callback's error shows until a sign-in succeeds (with any provider).
  const [earlier, setEarlier] = useState(startupError);
  const pick = (next: DemoProvider) => {
    const url = new URL(location.href);
    url.searchParams.set('provider', next.provider.id);
    history.replaceState(history.state, '', url);
    setPicked(next);
  };
  return (
    <>
      <header>
        <h1>Latchkey demo</h1>
        <span class="badge" data-testid="mode">
          {latchkey.mode === 'extension' ? 'extension mode' : 'page mode'}
        </span>
      </header>
      {signedOutAtProvider && (
        <p class="notice" data-testid="signed-out-at-provider" role="status">
          You are signed out here and at the provider.
        </p>
      )}
      {providers.length > 1 && (
        <ProviderPicker providers={providers} picked={picked.provider.id} onPick={pick} />
      )}
      {/* Another provider: its own session, nothing of the last one's shown meanwhile. */}
      <ProviderView
        key={picked.provider.id}
        provider={picked.provider.id}
        apiUrl={picked.apiUrl}
        earlier={earlier}
        onSignedIn={() => setEarlier(undefined)}
      />
    </>
  );
}

interface ProviderViewProps {
  provider: string;
  apiUrl: string;
  /** An error from before this session (the redirect callback's). */
  earlier: unknown;
  onSignedIn: () => void;
}

/** One provider's session (from `@latchkey/web/preact`), its account, API and events. */
function ProviderView({ provider, apiUrl, earlier, onSignedIn }: ProviderViewProps) {
  const latchkey = useLatchkey();
  const session = useSession(provider);
  const { log, refreshes } = useEventLog(session);
  const claims = useClaims(provider, session);
  // The session's own error is cleared by the store when the next attempt succeeds.
  const [signOutError, setSignOutError] = useState<unknown>();
  // Which of several accounts calls the API (undefined: the current one).
  const [apiAccount, setApiAccount] = useState<string>();
  const error = session.error ?? signOutError ?? earlier;
  const notice = error === undefined ? undefined : noticeFor(error);
  const signIn = (options?: Parameters<Session['signIn']>[0]) => {
    setSignOutError(undefined);
    void session.signIn(options).then((token) => token && onSignedIn());
  };
  const signOutEverywhere = () => {
    setSignOutError(undefined);
    // Called inside the click: the provider's logout page opens in a popup.
    latchkey.signOut(provider, { endSession: true }).catch(setSignOutError);
  };
  return (
    <>
      {notice && (
        <p class={notice.tone === 'error' ? 'error' : 'notice'} data-testid="error" role="alert">
          {notice.text}
        </p>
      )}
      {session.status === 'loading' && <p>Loading…</p>}
      {(session.status === 'signedOut' || session.status === 'error') && (
        <SignInPanel
          mode={latchkey.mode}
          busy={session.pending === 'signIn'}
          onSignIn={() => signIn()}
          onRedirect={() =>
            signIn({ redirect: true, returnTo: location.pathname + location.search })
          }
          {...(session.status === 'error' ? { onRetry: session.reload } : {})}
        />
      )}
      {session.status === 'signedIn' && session.token && (
        <>
          <AccountPanel
            token={session.token}
            claims={claims}
            refreshes={refreshes}
            signingOut={session.pending === 'signOut'}
            onSignOut={() => void session.signOut()}
            onSignOutEverywhere={signOutEverywhere}
            // `login` makes the provider ask who signs in (`select_account` where it offers a picker).
            onSwitchAccount={() => signIn({ prompt: 'login' })}
          />
          <AccountsPanel
            latchkey={latchkey}
            provider={provider}
            apiAccount={apiAccount}
            onPickApiAccount={setApiAccount}
          />
          <ApiPanel latchkey={latchkey} provider={provider} apiUrl={apiUrl} account={apiAccount} />
        </>
      )}
      {log.length > 0 && (
        <section>
          <h2>Events</h2>
          <ol class="log" data-testid="log">
            {log.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

/** Refreshes and sign-outs this tab has seen (its own, another tab's, the extension's). */
function useEventLog(session: Session): { log: string[]; refreshes: number } {
  const [state, setState] = useState({ log: [] as string[], refreshes: 0 });
  const last = useRef(session);
  useEffect(() => {
    const before = last.current;
    last.current = session;
    const add = (line: string, refreshed = false) =>
      setState((s) => ({
        log: [`${new Date().toLocaleTimeString()} ${line}`, ...s.log].slice(0, 30),
        refreshes: s.refreshes + (refreshed ? 1 : 0),
      }));
    const was = before.token?.accessToken;
    const now = session.token?.accessToken;
    if (before.status === 'signedIn' && session.status === 'signedOut') add('signed out');
    else if (before.status === 'signedOut' && session.status === 'signedIn') add('signed in');
    else if (was && now && was !== now) add('access token refreshed', true);
  }, [session.status, session.token?.accessToken]);
  return state;
}

/** The OpenID Connect userinfo claims of the signed-in account (read once per account). */
function useClaims(provider: string, session: Session): Record<string, unknown> | undefined {
  const latchkey = useLatchkey();
  const [claims, setClaims] = useState<Record<string, unknown>>();
  const account = session.status === 'signedIn' ? (session.token?.account?.sub ?? '?') : '';
  useEffect(() => {
    setClaims(undefined);
    if (!account) return;
    let live = true;
    latchkey.userinfo(provider).then(
      (c) => live && setClaims(c),
      () => undefined, // the account's `sub` is shown instead
    );
    return () => {
      live = false;
    };
  }, [latchkey, provider, account]);
  return claims;
}
