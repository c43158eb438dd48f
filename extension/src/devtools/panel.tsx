import { render } from 'preact';
import '../ui/ui.css';
import './panel.css';
import { createInternalClient } from '../ui/internal-client.js';
import { createSessionsModel } from '../ui/sessions-model.js';
import { chromeDevtoolsHost } from './devtools-host.js';
import { createInspectorModel } from './inspector-model.js';
import { InspectorPanel } from './InspectorPanel.js';
import { createTrafficModel } from './traffic-model.js';

const host = chromeDevtoolsHost();
const client = createInternalClient();

render(
  <InspectorPanel
    inspector={createInspectorModel(client, host)}
    traffic={createTrafficModel(host)}
    sessions={createSessionsModel(client)}
  />,
  document.getElementById('app')!,
);
