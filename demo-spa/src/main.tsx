import { render } from 'preact';
import { createLatchkey } from '@latchkey/web';
import type { CreateLatchkeyOptions } from '@latchkey/web';
import { LatchkeyProvider } from '@latchkey/web/preact';
import { App } from './App.js';
import { demoProviders, loadConfig } from './config.js';
import { describeError } from './notices.js';

const root = document.getElementById('app')!;

async function main(): Promise<void> {
  const config = await loadConfig();
  const providers = demoProviders(config);
  const options: CreateLatchkeyOptions = { providers: providers.map((p) => p.provider) };
  if (config.mode) options.mode = config.mode;
  if (config.extensionId) options.extensionId = config.extensionId;
  const latchkey = await createLatchkey(options);
  let startupError: unknown;
  let signedOutAtProvider = false;
  try {
    const result = await latchkey.handleRedirectCallback();
    if (result?.kind === 'popup') {
      render(<p>Signing in… this window closes by itself.</p>, root);
      return;
    }
    // The hidden frame of a silent re-authentication: its parent takes the result.
    if (result?.kind === 'frame') return;
    if (result?.kind === 'signedOut') signedOutAtProvider = true;
    if (result && 'returnTo' in result && result.returnTo)
      history.replaceState(history.state, '', result.returnTo);
  } catch (err) {
    startupError = err;
  }
  render(
    <LatchkeyProvider latchkey={latchkey}>
      <App
        providers={providers}
        startupError={startupError}
        signedOutAtProvider={signedOutAtProvider}
      />
    </LatchkeyProvider>,
    root,
  );
}

main().catch((err: unknown) => render(<p class="error">{describeError(err)}</p>, root));
