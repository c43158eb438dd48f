import { render } from 'preact';
import '../ui/ui.css';
import './popup.css';
import { createInternalClient } from '../ui/internal-client.js';
import { createAccountsModel } from './accounts-model.js';
import { Popup } from './Popup.js';
import { createSessionsModel } from '../ui/sessions-model.js';
import { browser } from '../platform/index.js';

const client = createInternalClient();
const model = createAccountsModel(client);
const sessions = createSessionsModel(client);

render(
  <Popup
    model={model}
    sessions={sessions}
    optionsUrl={browser.runtime.getURL('src/options/index.html')}
    onOpenOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
