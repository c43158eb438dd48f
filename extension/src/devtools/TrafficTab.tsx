import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { useStore } from '../ui/store.js';
import { BearerRequestItem } from './BearerRequestItem.js';
import { BrokerCalls } from './BrokerCalls.js';
import type { InspectorModel } from './inspector-model.js';
import type { TrafficModel } from './traffic-model.js';

export interface TrafficTabProps {
  traffic: TrafficModel;
  inspector: InspectorModel;
}

export function TrafficTab({ traffic, inspector }: TrafficTabProps) {
  const requests = useStore(traffic.requests);
  const log = useStore(inspector.log);
  return (
    <>
      <section aria-label="Bearer requests">
        <div class="row">
          <h2>Requests with a bearer token</h2>
          <button
            type="button"
            class="small"
            aria-label="Clear the requests list"
            onClick={traffic.clear}
          >
            Clear
          </button>
        </div>
        {requests.length === 0 ? (
          <p class="muted">None since the panel opened.</p>
        ) : (
          <ul class="plain" aria-label="Requests with a bearer token">
            {requests.map((r) => (
              <ItemBoundary key={r.key} as="li" label={`request ${r.method} ${r.url}`}>
                <BearerRequestItem request={r} />
              </ItemBoundary>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Calls to Latchkey">
        <h2>Calls to Latchkey</h2>
        <ErrorNote error={log.error} />
        {log.data !== undefined && <BrokerCalls records={log.data} />}
      </section>
    </>
  );
}
