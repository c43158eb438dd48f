import { afterEach, describe, expect, it } from 'vitest';

import {
  startBipsyncEmulation,
  startBixbyEmulation,
  startCapacityEmulation,
  startRobloxEmulation,
  type Emulation,
  type EmulationOptions,
} from '../src/index.js';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

const starts: [string, (o: EmulationOptions) => Promise<Emulation>][] = [
  ['Roblox', startRobloxEmulation],
  ['Bipsync', startBipsyncEmulation],
  ['Bixby', startBixbyEmulation],
  ['Capacity', startCapacityEmulation],
];

const running: Emulation[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

describe('emulations: CORS', () => {
  it.each(starts)(
    '%s lets loopback and configured origins call its token URL and API only',
    async (_name, start) => {
      const server = await start({ corsOrigins: [EXTENSION] });
      running.push(server);
      for (const url of [server.endpoints.token, server.apiUrl]) {
        for (const origin of [EXTENSION, 'http://localhost:5173', 'https://evil.example']) {
          const preflight = await fetch(url, {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type, x-access-token',
            },
          });
          expect(preflight.status).toBe(204);
          const allowed = origin !== 'https://evil.example';
          expect(preflight.headers.get('access-control-allow-origin')).toBe(
            allowed ? origin : null,
          );
          if (allowed)
            expect(preflight.headers.get('access-control-allow-headers')).toBe(
              'content-type, x-access-token',
            );
        }
      }
      // The origin of a registered redirect URI may call it too (a web app's own origin).
      const app = await start({ redirectUris: ['https://app.example/cb'] });
      running.push(app);
      const fromApp = await fetch(app.endpoints.token, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(fromApp.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const refused = await fetch(server.apiUrl, { headers: { origin: EXTENSION } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(EXTENSION);
      expect(server.requests.entries.at(-1)).toMatchObject({ method: 'GET', origin: EXTENSION });
    },
  );
});
