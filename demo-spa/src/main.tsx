import { render } from 'preact';
import { createLatchkey } from '@latchkey/web';
import type { CreateLatchkeyOptions } from '@latchkey/web';
import { App } from './App.js';
import { demoProviders, loadConfig } from './config.js';
import { describeError } from './session-model.js';

const root = document.getElementById('app')!;

async function main(): Promise<void> {
  const config = await loadConfig();
  const providers = demoProviders(config);
  const options: CreateLatchkeyOptions = { providers: providers.map((p) => p.provider) };
  if (config.mode) options.mode = config.mode;
  if (config.extensionId) options.extensionId = config.extensionId;
  const latchkey = await createLatchkey(options);
  let startupError: string | undefined;
  try {
    const result = await latchkey.handleRedirectCallback();
    if (result?.kind === 'popup') {
      render(<p>Signing in… this window closes by itself.</p>, root);
      return;
    }
    if (result?.returnTo) history.replaceState(history.state, '', result.returnTo);
  } catch (err) {
    startupError = describeError(err);
  }
  const props = { latchkey, providers };
  render(startupError ? <App {...props} startupError={startupError} /> : <App {...props} />, root);
}

main().catch((err: unknown) => render(<p class="error">{describeError(err)}</p>, root));
