import { useState } from 'preact/hooks';
import type { Latchkey } from '@latchkey/web';
import { describeError } from '../notices.js';

export interface ApiPanelProps {
  latchkey: Latchkey;
  provider: string;
  apiUrl: string;
  /** The account whose token calls the API (default: the provider's current account). */
  account?: string | undefined;
}

/** A response body as a person reads it: JSON indented, anything else as sent. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Calls the picked provider's protected API with `latchkey.fetch` (its token, one retry on invalid_token). */
export function ApiPanel({ latchkey, provider, apiUrl, account }: ApiPanelProps) {
  const [result, setResult] = useState<{ text: string; failed: boolean }>();
  const [busy, setBusy] = useState(false);
  const call = async () => {
    setBusy(true);
    try {
      const response = await latchkey.fetch(
        provider,
        apiUrl,
        account === undefined ? {} : { account },
      );
      const body = prettyBody(await response.text());
      setResult({
        text: `HTTP ${response.status} ${response.statusText}`.trimEnd() + `\n${body}`,
        failed: !response.ok,
      });
    } catch (err) {
      setResult({ text: describeError(err), failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-busy={busy}>
      <h2>Protected API</h2>
      <button data-testid="call-api" disabled={busy} onClick={() => void call()}>
        {busy ? 'Calling…' : `GET ${new URL(apiUrl).pathname}`}
      </button>
      {result !== undefined && (
        <pre data-testid="api-result" class={result.failed ? 'error' : undefined}>
          {result.text}
        </pre>
      )}
    </section>
  );
}
