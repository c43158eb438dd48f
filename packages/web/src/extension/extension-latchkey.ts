import { LatchkeyError } from '@latchkey/core/base';
import { base64ToBytes, bytesToBase64 } from '@latchkey/core/encoding';
import type { BrokerAuthorizationParams, FetchParams, PageTokenInfo } from '@latchkey/core';
import { createEmitter } from '../common/emitter.js';
import { INTERACTION_CODES } from '../common/interaction.js';
import { toRequest } from '../common/to-request.js';
import { authorizationParams } from '../common/auth-params.js';
import { compact, createTokenCache } from '../common/token-cache.js';
import type { AuthorizationParams, GetTokenOptions, Latchkey, SignInOptions } from '../types.js';
import { detectExtension } from './detect-extension.js';
import type { DetectExtensionOptions } from './detect-extension.js';
import type { EventSink, Transport } from './transport.js';

export interface ExtensionLatchkeyOptions extends DetectExtensionOptions {
  /** Milliseconds a non-interactive call may take (default 30 000). */
  timeout?: number;
  /** Milliseconds an interactive sign-in may take (default 600 000). */
  signInTimeout?: number;
}

const NULL_BODY_STATUS = [101, 103, 204, 205, 304];

/** The per-call authorization parameters, as given (a string or a list alike): the broker checks them. */
const authParams = (o: AuthorizationParams): BrokerAuthorizationParams =>
  authorizationParams(o) as BrokerAuthorizationParams;

/**
 * Whether a call asks for the provider's current token as such: no account, resource, audience or
 * authentication requirement. Only such tokens are kept in (and served from) memory; the others go
 * to the broker every time, which answers each with the token for exactly what was asked.
 */
const plain = (o: GetTokenOptions): boolean =>
  ['account', 'resource', 'audience', 'maxAge', 'acrValues'].every(
    (k) => o[k as keyof GetTokenOptions] === undefined,
  );

/**
 * `@latchkey/web` in extension mode, or `undefined` when the extension does not answer `hello`.
 * Every call goes to the broker, except a cached `getToken`, answered from memory while the broker's
 * push channel is live (a push drops the cached token).
 */
export async function createExtensionLatchkey(
  options: ExtensionLatchkeyOptions = {},
): Promise<Latchkey | undefined> {
  let sink: EventSink = () => {};
  const transport = await detectExtension(options, (event) => sink(event));
  return transport && extensionLatchkey(transport, options, (s) => (sink = s));
}

/**
 * The extension client over a `transport` that answered `hello`; `listen` receives the sink for
 * the broker's pushes (nothing is cached before it has it). Apart from detection, so that
 * `createLatchkey` can load it only once the extension has answered.
 */
export function extensionLatchkey(
  transport: Transport,
  options: ExtensionLatchkeyOptions,
  listen: (sink: EventSink) => void,
): Latchkey {
  const cache = createTokenCache();
  const emitter = createEmitter();
  const timeout = options.timeout ?? 30_000;
  listen((event) => {
    cache.drop(event?.provider);
    if (event)
      emitter.emit(
        event.event === 'tokenChanged' ? 'tokenChanged' : 'signedOut',
        event.provider,
        event.account,
      );
  });
  const request = transport.request;

  const signIn = async (provider: string, o: SignInOptions & { account?: string } = {}) => {
    const info = await request(
      'signIn',
      { ...compact({ provider, scopes: o.scopes, account: o.account }), ...authParams(o) },
      options.signInTimeout ?? 600_000,
    );
    cache.drop(provider);
    if (transport.live() && plain(o)) cache.set(info);
    emitter.emit('tokenChanged', provider, info.account?.sub);
    return info;
  };

  const getTokenInfo = async (
    provider: string,
    o: GetTokenOptions = {},
  ): Promise<PageTokenInfo> => {
    const cached = transport.live() && plain(o) && cache.get(provider, o.scopes, o.minValidity);
    if (cached) return cached;
    try {
      const info = await request(
        'getToken',
        {
          ...compact({
            provider,
            scopes: o.scopes,
            minValidity: o.minValidity,
            account: o.account,
          }),
          ...authParams(o),
        },
        timeout,
      );
      // Cached only while pushes arrive: otherwise a sign-out elsewhere could go unnoticed.
      if (transport.live() && plain(o)) cache.set(info);
      return info;
    } catch (err) {
      if (o.interactive && err instanceof LatchkeyError && INTERACTION_CODES.includes(err.code))
        return signIn(provider, o);
      throw err;
    }
  };

  return {
    mode: 'extension',
    providers: () => request('providers', {}, timeout),
    async getToken(provider, o = {}) {
      const cached = transport.live() && plain(o) && cache.get(provider, o.scopes, o.minValidity);
      return (cached || (await getTokenInfo(provider, o))).accessToken;
    },
    getTokenInfo,
    signIn,
    /**
     * The broker signs this site out of the account (default: the site's); with `endSession` it
     * then ends the session at the provider in its own login window (`redirect` is page mode's).
     */
    async signOut(provider, o = {}) {
      cache.drop(provider);
      await request(
        'signOut',
        compact({
          provider,
          account: o.account,
          allAccounts: o.allAccounts,
          endSession: o.endSession,
        }),
        o.endSession ? (options.signInTimeout ?? 600_000) : timeout,
      );
      emitter.emit('signedOut', provider, o.account);
    },
    /** The broker's token-mediated fetch: the token never enters this page. */
    async fetch(provider, input, init) {
      const req = toRequest(input, init);
      const params: FetchParams = {
        provider,
        ...(init?.account !== undefined && { account: init.account }),
        url: req.url,
        method: req.method,
        headers: [...req.headers],
        // The response's bytes, not its text decoding: arrayBuffer() and blob() stay exact.
        responseEncoding: 'base64',
      };
      if (!/^(GET|HEAD)$/.test(req.method)) {
        // Bytes that are UTF-8 text go as text, any others as base64 (a BOM is kept, not eaten).
        const bytes = new Uint8Array(await req.arrayBuffer());
        try {
          params.body = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          params.body = bytesToBase64(bytes);
          params.bodyEncoding = 'base64';
        }
      }
      const res = await request('fetch', params, timeout);
      const body = res.bodyEncoding === 'base64' ? base64ToBytes(res.body) : res.body;
      return new Response(NULL_BODY_STATUS.includes(res.status) ? null : body, res);
    },
    userinfo: (provider, o = {}) =>
      request('userinfo', compact({ provider, account: o.account }), timeout),
    /** The accounts the broker lets this site use (the site's grant names them). */
    accounts: (provider) => request('accounts', { provider }, timeout),
    on: emitter.on,
    // Nothing to do: the broker catches its own redirects.
    handleRedirectCallback: async () => undefined,
    close: transport.close,
  };
}
