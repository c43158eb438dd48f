import { useState } from 'preact/hooks';
import type { Latchkey } from '@latchkey/web';
import { describeError } from '../session-model.js';

export interface ApiPanelProps {
  latchkey: Latchkey;
  provider: string;
  apiUrl: string;
}

/** Calls the picked provider's protected API with `latchkey.fetch` (its token, one retry on invalid_token). */
export function ApiPanel({ latchkey, provider, apiUrl }: ApiPanelProps) {
  const [result, setResult] = useState<string>();
  const call = async () => {
    setResult('…');
    try {
      const response = await latchkey.fetch(provider, apiUrl);
      setResult(`HTTP ${response.status}\n${await response.text()}`);
    } catch (err) {
      setResult(describeError(err));
    }
  };
  return (
    <section>
      <h2>Protected API</h2>
      <button data-testid="call-api" onClick={() => void call()}>
        GET {new URL(apiUrl).pathname}
      </button>
      {result !== undefined && <pre data-testid="api-result">{result}</pre>}
    </section>
  );
}
