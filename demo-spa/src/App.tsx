import { useEffect, useRef, useState } from 'preact/hooks';
import type { Latchkey } from '@latchkey/web';
import { AccountPanel } from './components/AccountPanel.js';
import { ApiPanel } from './components/ApiPanel.js';
import { SignInPanel } from './components/SignInPanel.js';
import { describeError, watchSession } from './session-model.js';
import type { SessionState } from './session-model.js';

export interface AppProps {
  latchkey: Latchkey;
  provider: string;
  apiUrl: string;
  /** An error from handling the redirect callback on load. */
  startupError?: string;
}

export function App({ latchkey, provider, apiUrl, startupError }: AppProps) {
  const [state, setState] = useState<SessionState>({ status: 'loading', refreshes: 0, log: [] });
  const session = useRef<ReturnType<typeof watchSession>>();
  useEffect(() => {
    const s = watchSession(latchkey, provider, setState);
    session.current = s;
    if (startupError) s.update({ error: startupError });
    return s.dispose;
  }, [latchkey, provider]);

  const signOut = () => {
    latchkey
      .signOut(provider)
      .catch((err: unknown) => session.current?.update({ error: describeError(err) }));
  };
  return (
    <>
      <header>
        <h1>Latchkey demo</h1>
        <span class="badge" data-testid="mode">
          {latchkey.mode === 'extension' ? 'extension mode' : 'page mode'}
        </span>
      </header>
      {state.error && (
        <p class="error" data-testid="error">
          {state.error}
        </p>
      )}
      {state.status === 'loading' && <p>Loading…</p>}
      {state.status === 'signedOut' && (
        <SignInPanel
          latchkey={latchkey}
          provider={provider}
          onError={(error) => session.current?.update({ error })}
        />
      )}
      {state.status === 'signedIn' && state.token && (
        <>
          <AccountPanel
            token={state.token}
            claims={state.claims}
            refreshes={state.refreshes}
            onSignOut={signOut}
          />
          <ApiPanel latchkey={latchkey} provider={provider} apiUrl={apiUrl} />
        </>
      )}
      {state.log.length > 0 && (
        <section>
          <h2>Events</h2>
          <ol class="log" data-testid="log">
            {state.log.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
