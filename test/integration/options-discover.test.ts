import { afterEach, describe, expect, it } from 'vitest';

import { createClient } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { discoverProvider } from '../../extension/src/background/discover-provider.js';
import {
  formFromConfig,
  formToConfig,
  mergeDiscovered,
} from '../../extension/src/options/provider-form.js';
import { freshStorage, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

// The options page's Discover button, then Save, as the form does it; then core with what was saved.
describe('a provider added through Discover in the options page', () => {
  it('still refuses a callback without iss from a server that advertises it (RFC 9207)', async () => {
    stack = await startStack();
    const { issuer, clientId, redirectUri } = stack.provider;
    const typed = formFromConfig({ id: 'dev', clientId, redirectUri: redirectUri! });
    const discovered = await discoverProvider(issuer!);
    expect(discovered.authorizationEndpoint).toBeTruthy();
    const form = mergeDiscovered({ ...typed, issuer: issuer! }, discovered);
    // The form shows the endpoints discovery found...
    expect(form.tokenEndpoint).toBe(discovered.tokenEndpoint);
    const saved = formToConfig(form, discovered);
    // ...but saves the issuer alone, so that core reads (and honours) the metadata.
    expect(saved.config).toBeDefined();
    expect(saved.config!.authorizationEndpoint).toBeUndefined();
    expect(saved.config!.tokenEndpoint).toBeUndefined();

    const storage = freshStorage();
    const client = createClient({ providers: [saved.config!], storage });
    const { url } = await client.beginAuthorization('dev');
    const callback = new URL(await loginOverHttp(url, { login: 'alice' }));
    expect(callback.searchParams.get('iss')).toBe(issuer);
    callback.searchParams.delete('iss');
    const tokenRequests = stack.idp.requests.count('token');
    await expect(client.completeAuthorization(callback.href)).rejects.toMatchObject({
      code: 'issuer_mismatch',
    });
    expect(stack.idp.requests.count('token')).toBe(tokenRequests);
    storage.close();
  });

  it('keeps an endpoint the person changed after Discover', async () => {
    stack = await startStack();
    const discovered = await discoverProvider(stack.provider.issuer!);
    const form = mergeDiscovered(
      formFromConfig({ id: 'dev', clientId: 'c', issuer: stack.provider.issuer! }),
      discovered,
    );
    const custom = `${stack.idp.origin}/custom-token`;
    const saved = formToConfig({ ...form, tokenEndpoint: custom }, discovered);
    expect(saved.config?.tokenEndpoint).toBe(custom);
    expect(saved.config?.authorizationEndpoint).toBeUndefined();
  });
});
