import { useEffect, useState } from 'preact/hooks';
import type { ConsentRequestView } from '../shared/internal-protocol.js';
import { createInternalClient } from '../ui/internal-client.js';

interface Props {
  requestId: string;
}

const client = createInternalClient();

/** The consent window: names the site, the provider and the scopes; "Allow" or "Deny". */
export function ConsentPage({ requestId }: Props) {
  const [request, setRequest] = useState<ConsentRequestView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .call('getConsentRequest', { id: requestId })
      .then(setRequest, (e: Error) => setError(e.message));
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
  const site = new URL(request.origin);
  return (
    <main class="consent">
      <h1>Allow access?</h1>
      <p>
        <strong class="site" data-testid="consent-origin">
          {request.origin}
        </strong>
        {site.protocol === 'http:' && <span class="note"> (not encrypted: local development)</span>}{' '}
        wants to use your{' '}
        <strong data-testid="consent-provider">{request.providerName ?? request.provider}</strong>{' '}
        account through Latchkey.
      </p>
      {request.scopes.length > 0 ? (
        <>
          <p>It asks for:</p>
          <ul data-testid="consent-scopes">
            {request.scopes.map((s) => (
              <li key={s}>
                <code>{s}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>It asks for no particular scope.</p>
      )}
      <p class="hint">
        The site will receive access tokens for this account, never your password or refresh token.
      </p>
      <div class="buttons">
        <button type="button" disabled={busy} onClick={() => void answer(false)}>
          Deny
        </button>
        <button type="button" class="primary" disabled={busy} onClick={() => void answer(true)}>
          Allow
        </button>
      </div>
    </main>
  );
}
