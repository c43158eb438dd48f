import type { AccountInfo } from '@latchkey/core';
import { useEffect, useState } from 'preact/hooks';
import type { ConsentRequestView } from '../common/internal-protocol.js';
import { createInternalClient } from '../ui/internal-client.js';
import { ProviderLogo } from '../ui/ProviderLogo.js';
import { describeScope } from '../ui/scopes.js';
import { useInputGate } from './input-gate.js';

interface Props {
  requestId: string;
}

const client = createInternalClient();

/** The provider's logo from its config (the consent request carries only its id and name). */
async function logoOf(provider: string): Promise<string | undefined> {
  const providers = await client.call('listProviders', {});
  return providers.find((p) => p.config.id === provider)?.config.logoUri;
}

/**
 * The consent window: names the site, the provider (with its logo) and the scopes as the site asked
 * for them; "Allow" or "Deny", which take input only once the window has been visible and focused
 * for a moment (see `useInputGate`).
 */
export function ConsentPage({ requestId }: Props) {
  const [request, setRequest] = useState<ConsentRequestView | undefined>();
  const [logoUri, setLogoUri] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('getConsentRequest', { id: requestId }).then(
      (r) => {
        setRequest(r);
        // No logo is no reason to fail the request: the name is shown either way.
        logoOf(r.provider).then(setLogoUri, () => undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, [requestId]);

  const answer = async (allow: boolean) => {
    setBusy(true);
    try {
      await client.call('answerConsent', { id: requestId, allow });
      window.close();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  if (error)
    return (
      <main class="consent">
        <p role="alert">{error}</p>
      </main>
    );
  if (!request)
    return (
      <main class="consent">
        <p>Loading…</p>
      </main>
    );
  const providerName = request.providerName ?? request.provider;
  return (
    <main class="consent">
      <header class="provider">
        <ProviderLogo logoUri={logoUri} />
        <span>
          <strong data-testid="consent-provider">{providerName}</strong>{' '}
          {request.providerName !== undefined && <code class="note">{request.provider}</code>}
        </span>
      </header>
      {request.kind === 'account' && request.accountChange !== undefined ? (
        <AccountChange request={request} providerName={providerName} />
      ) : (
        <AccessRequest request={request} providerName={providerName} />
      )}
      <Buttons busy={busy} onAnswer={(allow) => void answer(allow)} />
    </main>
  );
}

function Site({ origin }: { origin: string }) {
  let http = false;
  try {
    http = new URL(origin).protocol === 'http:';
  } catch {
    // Shown as given.
  }
  return (
    <>
      <strong class="site" data-testid="consent-origin">
        {origin}
      </strong>
      {http && <span class="note"> (not encrypted: local development)</span>}
    </>
  );
}

function AccessRequest({
  request,
  providerName,
}: {
  request: ConsentRequestView;
  providerName: string;
}) {
  return (
    <>
      <h1>Allow access?</h1>
      <p>
        <Site origin={request.origin} /> wants to use your <strong>{providerName}</strong> account
        through Latchkey.
      </p>
      <Scopes scopes={request.scopes} providerName={providerName} />
      <p class="hint">
        The site will receive access tokens for this account, never your password or refresh token.
      </p>
    </>
  );
}

/** The scopes exactly as asked; never an empty list passed over in silence. */
function Scopes({ scopes, providerName }: { scopes: string[]; providerName: string }) {
  if (scopes.length === 0) {
    return (
      <p class="warning" role="alert" data-testid="consent-no-scopes">
        The site named no scope. Allowing lets it use whatever {providerName} grants by default,
        which Latchkey cannot show you.
      </p>
    );
  }
  return (
    <>
      <p id="scopes-title">It asks for:</p>
      <ul data-testid="consent-scopes" aria-labelledby="scopes-title">
        {scopes.map((s, i) => {
          const view = describeScope(s);
          return (
            <li key={`${i}:${s}`} class={view.malformed ? 'scope malformed' : 'scope'}>
              <code>{view.raw}</code>
              {view.phrase !== undefined ? (
                <span class="phrase"> — {view.phrase}</span>
              ) : (
                <span class="note">
                  {' '}
                  —{' '}
                  {view.malformed ? 'not a valid scope' : `a permission defined by ${providerName}`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function accountName(a: AccountInfo): string {
  const label = a.email ?? a.preferredUsername ?? a.name;
  return label === undefined ? a.sub : `${label} (${a.sub})`;
}

function AccountChange({
  request,
  providerName,
}: {
  request: ConsentRequestView;
  providerName: string;
}) {
  const change = request.accountChange!;
  return (
    <>
      <h1>Switch account?</h1>
      <p>
        <Site origin={request.origin} /> signed in to {providerName} as{' '}
        <strong data-testid="consent-account-to">{accountName(change.to)}</strong>, but it has used{' '}
        <strong data-testid="consent-account-from">{accountName(change.from)}</strong> so far.
      </p>
      <p data-testid="consent-account-effect">
        Allowing switches this site to {accountName(change.to)}; other sites keep the accounts they
        use. Denying keeps {accountName(change.from)} for this site.
      </p>
    </>
  );
}

function Buttons({ busy, onAnswer }: { busy: boolean; onAnswer: (allow: boolean) => void }) {
  // Mounted with the request shown: the delay runs from the moment there is something to read.
  const ready = useInputGate();
  const disabled = busy || !ready;
  return (
    <>
      <div class="buttons">
        <button type="button" disabled={disabled} onClick={() => onAnswer(false)}>
          Deny
        </button>
        <button type="button" class="primary" disabled={disabled} onClick={() => onAnswer(true)}>
          Allow
        </button>
      </div>
      <p class="hint wait" aria-live="polite" data-testid="consent-wait">
        {ready ? '' : 'The buttons turn on once this window has been in front for a moment.'}
      </p>
    </>
  );
}
