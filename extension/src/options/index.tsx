import { render } from 'preact';
import '../ui/ui.css';
import './options.css';
import { createInternalClient } from '../ui/internal-client.js';
import { Options } from './Options.js';
import { createProvidersModel } from './providers-model.js';
import { createSitesModel } from './sites-model.js';
import { createSessionsModel } from '../ui/sessions-model.js';

const client = createInternalClient();

render(
  <Options
    providers={createProvidersModel(client)}
    sites={createSitesModel(client)}
    sessions={createSessionsModel(client)}
  />,
  document.getElementById('app')!,
);
