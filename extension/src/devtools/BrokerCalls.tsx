import type { LogRecord } from '@latchkey/core';
import { formatDate } from '../ui/relative-time.js';

export interface BrokerCallsProps {
  records: LogRecord[];
}

/** The inspected page's calls to the broker, from its event log (newest first). */
export function BrokerCalls({ records }: BrokerCallsProps) {
  if (records.length === 0) return <p class="muted">No calls to Latchkey from this site yet.</p>;
  return (
    <table class="broker-calls">
      <thead>
        <tr>
          <th>Time</th>
          <th>Method</th>
          <th>Provider</th>
          <th>Result</th>
          <th>Took</th>
        </tr>
      </thead>
      <tbody>
        {[...records]
          .sort((a, b) => b.at - a.at)
          .map((r, i) => (
            <tr key={r.id ?? i} data-method={r.method ?? r.type}>
              <td class="muted">{formatDate(r.at)}</td>
              <td>
                <code>{r.method ?? r.type}</code>
              </td>
              <td>{r.provider ?? ''}</td>
              <td class={r.ok === false ? 'bad' : 'ok'}>
                {r.ok === false ? (r.code ?? 'error') : r.ok === true ? 'ok' : (r.detail ?? '')}
              </td>
              <td>{r.durationMs !== undefined ? `${r.durationMs} ms` : ''}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
