import type { LogRecord } from '@latchkey/core';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { formatDate } from '../ui/relative-time.js';

export interface BrokerCallsProps {
  records: LogRecord[];
}

/** The inspected page's calls to the broker, from its event log (newest first). */
export function BrokerCalls({ records }: BrokerCallsProps) {
  if (records.length === 0) return <p class="muted">No calls to Latchkey from this site yet.</p>;
  return (
    <table class="broker-calls">
      <caption class="visually-hidden">Calls to Latchkey, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Method</th>
          <th scope="col">Provider</th>
          <th scope="col">Result</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {[...records]
          .sort((a, b) => b.at - a.at)
          .map((r, i) => (
            <ItemBoundary key={r.id ?? i} as="tr" colSpan={5} label={`call ${String(r.method)}`}>
              <tr data-method={r.method ?? r.type}>
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
            </ItemBoundary>
          ))}
      </tbody>
    </table>
  );
}
