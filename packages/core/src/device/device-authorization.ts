import * as oauth from 'oauth4webapi';

import type { DeviceAuthorization } from '../client-types.js';
import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { dpopOption, requireDpop, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions, tokenParams } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { storeSession } from '../tokens/store-session.js';
import { toTokenInfo, toTokenRecord } from '../tokens/token-record.js';
import type { ProviderConfig } from '../types.js';

/** The shortest and longest wait between two polls, seconds. */
const MIN_INTERVAL = 5;
const MAX_INTERVAL = 600;

/**
 * The wait between polls, milliseconds: the server's `interval` (a minimum it asks for, 5 s when
 * absent), clamped to 5–600 s so that neither a tiny one hammers the server nor a huge one overflows
 * the timer (a delay over 2^31-1 ms fires at once, i.e. a tight loop).
 * @see RFC 8628 §3.2 (`interval`), §3.5
 */
export function pollInterval(seconds: number | undefined): number {
  const s = typeof seconds === 'number' && seconds > MIN_INTERVAL ? seconds : MIN_INTERVAL;
  return Math.min(s, MAX_INTERVAL) * 1000;
}

/**
 * Starts the device authorization grant: returns the code for the user at once, and polls the token
 * endpoint at the server's `interval` ({@link pollInterval}; +5 s on `slow_down`) until the user
 * approves, denies (`access_denied`), the code expires (`expired_token`), or `abort()`: then `done`
 * rejects with `aborted` at once, even with a poll in flight (which is cancelled), and no poll
 * follows.
 * @see RFC 8628 §3.1–3.5
 */
export async function startDeviceAuthorization(
  ctx: ClientContext,
  provider: ProviderConfig,
  scopes: string[],
): Promise<DeviceAuthorization> {
  const as = await resolveServer(ctx, provider);
  if (!as.device_authorization_endpoint) {
    throw new LatchkeyError(
      'unsupported',
      `Provider ${provider.id} has no device authorization endpoint`,
    );
  }
  const client = clientOf(provider);
  let started: oauth.DeviceAuthorizationResponse;
  try {
    const response = await oauth.deviceAuthorizationRequest(
      as,
      client,
      oauth.None(),
      scopes.length ? { scope: scopes.join(' ') } : {},
      requestOptions(ctx, provider),
    );
    started = await oauth.processDeviceAuthorizationResponse(as, client, response);
  } catch (err) {
    throw toLatchkeyError(err, 'Device authorization');
  }
  const expiresAt = Date.now() + started.expires_in * 1000;
  const abort = new AbortController();
  ctx.emit({ type: 'device_authorization_started', provider: provider.id });

  const aborted = () => new LatchkeyError('aborted', 'Device authorization aborted');
  // Rejects as soon as abort() is called, whatever the poll loop is waiting on.
  const onAbort = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(aborted()), { once: true }),
  );
  onAbort.catch(() => {});
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (abort.signal.aborted) return reject(aborted());
      const stop = () => {
        clearTimeout(timer);
        reject(aborted());
      };
      const timer = setTimeout(() => {
        abort.signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      abort.signal.addEventListener('abort', stop, { once: true });
    });

  // DPoP: the token request of the grant carries a proof, and the tokens come back bound to the key.
  const dpopKey = provider.dpop ? await requireDpop(ctx, provider).newKey() : undefined;
  const dpop = dpopOption(ctx, provider, dpopKey);
  const poll = async () => {
    let interval = pollInterval(started.interval);
    for (;;) {
      await sleep(interval);
      if (abort.signal.aborted) throw aborted();
      if (Date.now() >= expiresAt)
        throw new LatchkeyError(
          'expired_token',
          'The device code expired before the user approved it',
        );
      try {
        const result = await withDpopNonceRetry(ctx, dpop, async () => {
          const response = await oauth.deviceCodeGrantRequest(
            as,
            client,
            oauth.None(),
            started.device_code,
            {
              ...requestOptions(ctx, provider, as.token_endpoint),
              // abort() cancels a poll in flight too.
              signal: AbortSignal.any([AbortSignal.timeout(ctx.timeout), abort.signal]),
              ...tokenParams(provider),
              ...dpop,
            },
          );
          return oauth.processDeviceCodeResponse(as, client, response);
        });
        if (abort.signal.aborted) throw aborted();
        const record = toTokenRecord(provider, result, scopes);
        if (dpopKey) {
          requireDpopBound(provider, record);
          record.dpopKey = dpopKey;
        }
        await storeSession(ctx, provider, record);
        ctx.emit({
          type: 'authorization_completed',
          provider: provider.id,
          account: record.account,
          detail: { grant: 'device_code' },
        });
        return toTokenInfo(record);
      } catch (err) {
        if (err instanceof oauth.ResponseBodyError && err.error === 'authorization_pending')
          continue;
        if (abort.signal.aborted) throw aborted();
        if (err instanceof oauth.ResponseBodyError && err.error === 'slow_down') {
          interval = Math.min(interval + 5000, MAX_INTERVAL * 1000);
          continue;
        }
        const e = toLatchkeyError(err, 'Device authorization');
        // A network hiccup while polling is not the end of the flow (RFC 8628 §3.5 asks to back off).
        if (e.retryable && e.code !== 'server_error') {
          interval = Math.min(interval * 2, Math.max(interval, 60_000));
          continue;
        }
        throw e;
      }
    }
  };
  const done = Promise.race([poll(), onAbort]);
  // The caller may never await `done` (e.g. it aborts); don't report that as an unhandled rejection.
  done.catch(() => {});

  return {
    userCode: started.user_code,
    verificationUri: started.verification_uri,
    ...(started.verification_uri_complete !== undefined && {
      verificationUriComplete: started.verification_uri_complete,
    }),
    expiresAt,
    done,
    abort: () => abort.abort(),
  };
}
