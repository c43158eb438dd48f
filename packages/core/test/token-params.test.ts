import { describe, expect, it } from 'vitest';

import { tokenParams } from '../src/http/request-options.js';
import type { ProviderConfig } from '../src/types.js';

describe('tokenParams', () => {
  it('adds extraTokenParams but never a parameter of a grant, whatever the config says', () => {
    // Not validated on purpose: the token request holds the line on its own.
    const provider: ProviderConfig = {
      id: 'p',
      clientId: 'c',
      extraTokenParams: {
        audience: 'api',
        grant_type: 'password',
        client_id: 'forged',
        code: 'forged',
        code_verifier: 'forged',
        redirect_uri: 'https://forged.example/cb',
        refresh_token: 'forged',
        device_code: 'forged',
      },
    };
    expect(tokenParams(provider)).toEqual({ additionalParameters: { audience: 'api' } });
    expect(tokenParams(provider, { scope: 'a b' })).toEqual({
      additionalParameters: { audience: 'api', scope: 'a b' },
    });
    expect(tokenParams({ id: 'p', clientId: 'c' })).toEqual({ additionalParameters: {} });
  });
});
