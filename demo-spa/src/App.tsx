import { useEffect, useRef, useState } from 'preact/hooks';
import type { Latchkey } from '@latchkey/web';
import { AccountPanel } from './components/AccountPanel.js';
import { ApiPanel } from './components/ApiPanel.js';
import { SignInPanel } from './components/SignInPanel.js';
import { ProviderPicker } from './components/ProviderPicker.js';
import { pickedProvider, type DemoProvider } from './config.js';
import { describeError, watchSession } from './session-model.js';
import type { SessionState } from './session-model.js';

export interface AppProps {
  latchkey: Latchkey;
  /** The providers to pick from (one: no picker). */
  providers: DemoProvider[];
  /** An error from handling the redirect callback on load. */
  startupError?: string;
}

export function App({ latchkey, providers, startupError }: AppProps) {
  const [picked, setPicked] = useState(() => pickedProvider(providers));
  const provider = picked.provider.id;
  const apiUrl = picked.apiUrl;
  const pick = (next: DemoProvider) => {
    const url = new URL(location.href);
    url.searchParams.set('provider', next.provider.id);
    history.replaceState(history.state, '', url);
    setPicked(next);
  };
  const [state, setState] = useState<SessionState>({ status: 'loading', refreshes: 0, log: [] });
  const session = useRef<ReturnType<typeof watchSession>>();
  useEffect(() => {
    // Another provider: its own session, nothing of the last one's shown meanwhile.
    setState({ status: 'loading', refreshes: 0, log: [] });
    let live = true;
    // A load of the last provider still in flight must not land in this one's view.
    const s = watchSession(latchkey, provider, (next) => live && setState(next));
    session.current = s;
    if (startupError) s.update({ error: startupError });
    return () => {
      live = false;
      s.dispose();
    };
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
      {providers.length > 1 && (
        <ProviderPicker providers={providers} picked={provider} onPick={pick} />
      )}
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
          <ApiPanel key={provider} latchkey={latchkey} provider={provider} apiUrl={apiUrl} />
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
