import { render } from 'preact';
import '../ui/ui.css';
import './panel.css';
import { createInternalClient } from '../ui/internal-client.js';
import { chromeDevtoolsHost } from './devtools-host.js';
import { createInspectorModel } from './inspector-model.js';
import { InspectorPanel } from './InspectorPanel.js';
import { createTrafficModel } from './traffic-model.js';

const host = chromeDevtoolsHost();

render(
  <InspectorPanel
    inspector={createInspectorModel(createInternalClient(), host)}
    traffic={createTrafficModel(host)}
  />,
  document.getElementById('app')!,
);
