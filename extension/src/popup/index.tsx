import { render } from 'preact';
import '../ui/ui.css';
import './popup.css';
import { createInternalClient } from '../ui/internal-client.js';
import { createAccountsModel } from './accounts-model.js';
import { Popup } from './Popup.js';
import { browser } from '../platform/index.js';

const model = createAccountsModel(createInternalClient());

render(
  <Popup
    model={model}
    optionsUrl={browser.runtime.getURL('src/options/index.html')}
    onOpenOptions={() => void browser.runtime.openOptionsPage()}
  />,
  document.getElementById('app')!,
);
