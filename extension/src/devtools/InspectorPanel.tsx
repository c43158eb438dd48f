import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import type { SessionsModel } from '../ui/sessions-model.js';
import { useStore } from '../ui/store.js';
import type { InspectorModel } from './inspector-model.js';
import { TokensTab } from './TokensTab.js';
import type { TrafficModel } from './traffic-model.js';
import { TrafficTab } from './TrafficTab.js';

export interface InspectorPanelProps {
  inspector: InspectorModel;
  traffic: TrafficModel;
  /** The accounts of every provider; the Tokens tab shows those of the site's providers. */
  sessions: SessionsModel;
}

type Tab = 'tokens' | 'traffic';

/**
 * The "Latchkey" DevTools panel: the inspected origin's grants, tokens, its providers' accounts and
 * auth traffic.
 */
export function InspectorPanel({ inspector, traffic, sessions }: InspectorPanelProps) {
  // Traffic is recorded from the start, whichever tab is shown.
  useEffect(() => traffic.start(), [traffic]);
  useEffect(() => inspector.start(), [inspector]);
  const origin = useStore(inspector.origin);
  const [tab, setTab] = useState<Tab>('tokens');
  const requests = useStore(traffic.requests);
  return (
    <main class="panel">
      <header class="row">
        <h1>Latchkey</h1>
        <code class="inspected-origin">{origin.data ?? '…'}</code>
        <button
          type="button"
          class="small"
          aria-label="Reload grants and tokens"
          onClick={() => void inspector.load()}
        >
          Reload
        </button>
      </header>
      <ErrorNote error={origin.error} />
      <nav class="tabs" role="tablist" aria-label="Inspector views">
        <button
          type="button"
          role="tab"
          id="tab-tokens"
          aria-controls="inspector-tabpanel"
          aria-selected={tab === 'tokens'}
          onClick={() => setTab('tokens')}
        >
          Tokens
        </button>
        <button
          type="button"
          role="tab"
          id="tab-traffic"
          aria-controls="inspector-tabpanel"
          aria-selected={tab === 'traffic'}
          onClick={() => setTab('traffic')}
        >
          Traffic ({requests.length})
        </button>
      </nav>
      <div role="tabpanel" id="inspector-tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'tokens' ? (
          <TokensTab model={inspector} sessions={sessions} />
        ) : (
          <TrafficTab traffic={traffic} inspector={inspector} />
        )}
      </div>
    </main>
  );
}
