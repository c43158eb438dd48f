import { LatchkeyError, createCodeFlowClient } from '@latchkey/core';
import { INTERACTION_CODES } from '../extension/extension-latchkey.js';
import { createEmitter } from '../shared/emitter.js';
import { createTokenCache } from '../shared/token-cache.js';
import { authorizedFetch } from './authorized-fetch.js';
import { cleanCallbackUrl, isCallbackUrl, sameOriginPath } from './callback-url.js';
import { decodeFlowState, encodeFlowState } from './flow-state.js';
import { leavePage } from './leave-page.js';
import { openPopup, postCallbackToOpener, waitForPopupCallback } from './popup-flow.js';
import { assertResourceOrigin } from './resource-origin.js';
import { TabChannel } from './tab-channel.js';
/** How long a redirect sign-in waits for the page to leave before it rejects with `timeout`. */
const REDIRECT_LEAVE_TIMEOUT_MS = 30_000;
const pageToken = ({ provider, accessToken, tokenType, expiresAt, scopes, account, }) => {
    const info = { provider, accessToken, tokenType, scopes };
    if (expiresAt !== undefined)
        info.expiresAt = expiresAt;
    if (account !== undefined)
        info.account = account;
    return info;
};
/**
 * `@latchkey/web` in page mode: core runs in this page, tokens live in this origin's IndexedDB, one
 * refresh at a time across tabs (core's Web Lock), and every tab hears of changes (BroadcastChannel).
 */
export class PageLatchkey {
    mode = 'page';
    #client;
    #cache = createTokenCache();
    #emitter = createEmitter();
    #channel;
    /** Bumped on every drop, so that a read started before a change never re-caches a stale token. */
    #epochs = new Map();
    #timeout;
    #signInTimeout;
    #redirectUri;
    /** `dpop`: core's DPoP support, which only the `@latchkey/web/dpop` entry brings. */
    constructor(options, dpop) {
        const clientOptions = {
            providers: options.providers,
            onEvent: (event) => this.#onCoreEvent(event),
        };
        if (dpop)
            clientOptions.dpop = dpop;
        if (options.storage)
            clientOptions.storage = options.storage;
        if (options.fetch)
            clientOptions.fetch = options.fetch;
        if (options.timeout !== undefined)
            clientOptions.timeout = options.timeout;
        this.#client = createCodeFlowClient(clientOptions);
        this.#timeout = options.timeout ?? 30_000;
        this.#signInTimeout = options.signInTimeout ?? 600_000;
        this.#redirectUri = options.redirectUri;
        this.#channel = new TabChannel((message) => {
            this.#drop(message.provider);
            this.#emitter.emit(message.type, message.provider);
        });
    }
    #onCoreEvent(event) {
        if (event.type !== 'token_refreshed')
            return;
        this.#drop(event.provider);
        this.#changed('tokenChanged', event.provider);
    }
    #drop(provider) {
        this.#cache.drop(provider);
        this.#epochs.set(provider, (this.#epochs.get(provider) ?? 0) + 1);
    }
    /** Tells this tab's listeners and every other tab. */
    #changed(type, provider) {
        this.#channel.post(type, provider);
        this.#emitter.emit(type, provider);
    }
    #config(provider) {
        const config = this.#client.providers.find((p) => p.id === provider);
        if (!config)
            throw new LatchkeyError('provider_unknown', `No provider "${provider}"`);
        return config;
    }
    #redirectUriOf(config) {
        return this.#redirectUri ?? config.redirectUri ?? `${location.origin}/`;
    }
    async providers() {
        return Promise.all(this.#client.providers.map(async (config) => {
            const info = await this.#client.getTokenInfo(config.id);
            const summary = {
                id: config.id,
                scopes: config.scopes ?? [],
                granted: true,
                signedIn: !!info,
            };
            if (config.name !== undefined)
                summary.name = config.name;
            if (info?.account)
                summary.account = info.account;
            return summary;
        }));
    }
    async getToken(provider, options) {
        const cached = this.#cache.get(provider, options?.scopes, options?.minValidity);
        return cached ? cached.accessToken : (await this.getTokenInfo(provider, options)).accessToken;
    }
    async getTokenInfo(provider, options = {}) {
        const cached = this.#cache.get(provider, options.scopes, options.minValidity);
        if (cached)
            return cached;
        const epoch = this.#epochs.get(provider) ?? 0;
        try {
            const getOptions = {};
            if (options.scopes)
                getOptions.scopes = options.scopes;
            if (options.minValidity !== undefined)
                getOptions.minValidity = options.minValidity;
            const accessToken = await this.#client.getAccessToken(provider, getOptions);
            const stored = await this.#client.getTokenInfo(provider);
            if (stored?.accessToken !== accessToken) {
                return {
                    provider,
                    accessToken,
                    tokenType: stored?.tokenType ?? 'Bearer',
                    scopes: options.scopes ?? [],
                };
            }
            const info = pageToken(stored);
            if ((this.#epochs.get(provider) ?? 0) === epoch)
                this.#cache.set(info);
            return info;
        }
        catch (err) {
            if (!options.interactive ||
                !(err instanceof LatchkeyError) ||
                !INTERACTION_CODES.includes(err.code))
                throw err;
            const signInOptions = {};
            if (options.scopes)
                signInOptions.scopes = options.scopes;
            return this.signIn(provider, signInOptions);
        }
    }
    signIn(provider, options = {}) {
        // Synchronously, before any await: the click's user activation allows the popup now.
        const popup = options.redirect ? null : openPopup();
        if (!options.redirect && !popup && options.onPopupBlocked !== 'redirect') {
            return Promise.reject(new LatchkeyError('popup_blocked', 'The sign-in popup was blocked: call signIn() inside a click handler, allow popups, or use signIn(provider, { redirect: true })'));
        }
        return popup
            ? this.#popupSignIn(popup, provider, options)
            : this.#redirectSignIn(provider, options);
    }
    #authOptions(config, options, appState) {
        const auth = { redirectUri: this.#redirectUriOf(config), appState };
        if (options.scopes)
            auth.scopes = options.scopes;
        if (options.prompt)
            auth.prompt = options.prompt;
        if (options.loginHint)
            auth.loginHint = options.loginHint;
        return auth;
    }
    async #popupSignIn(popup, provider, options) {
        try {
            const config = this.#config(provider);
            const { url, state } = await this.#client.beginAuthorization(provider, this.#authOptions(config, options, encodeFlowState({ flow: 'popup' })));
            popup.location.href = url;
            const callbackUrl = await waitForPopupCallback(popup, state, this.#signInTimeout);
            const { appState: _, ...info } = await this.#complete(callbackUrl);
            return info;
        }
        finally {
            if (!popup.closed)
                popup.close();
        }
    }
    async #redirectSignIn(provider, options) {
        const config = this.#config(provider);
        const flow = { flow: 'redirect' };
        const returnTo = sameOriginPath(options.returnTo, location.origin);
        if (returnTo !== undefined)
            flow.returnTo = returnTo;
        const { url } = await this.#client.beginAuthorization(provider, this.#authOptions(config, options, encodeFlowState(flow)));
        const left = leavePage(Math.min(this.#signInTimeout, REDIRECT_LEAVE_TIMEOUT_MS));
        location.assign(url);
        return left;
    }
    async #complete(callbackUrl) {
        const result = await this.#client.completeAuthorization(callbackUrl);
        const info = pageToken(result);
        this.#drop(info.provider);
        this.#cache.set(info);
        this.#changed('tokenChanged', info.provider);
        return result.appState === undefined ? info : { ...info, appState: result.appState };
    }
    async handleRedirectCallback() {
        const href = location.href;
        const redirectUris = this.#client.providers.map((config) => this.#redirectUriOf(config));
        if (!isCallbackUrl(href, redirectUris))
            return undefined;
        // The code is single-use: take it out of the address bar and history before anything else.
        history.replaceState(history.state, '', cleanCallbackUrl(href));
        if (postCallbackToOpener(href)) {
            close();
            return { kind: 'popup' };
        }
        const { appState, ...token } = await this.#complete(href);
        const flow = decodeFlowState(appState, location.origin);
        if (flow?.flow === 'popup') {
            // A popup whose opener was severed (COOP): the tokens are stored and broadcast; nothing left here.
            close();
            return { kind: 'popup' };
        }
        return flow?.returnTo === undefined
            ? { kind: 'redirect', token }
            : { kind: 'redirect', token, returnTo: flow.returnTo };
    }
    async signOut(provider) {
        this.#drop(provider);
        await this.#client.signOut(provider);
        this.#drop(provider);
        this.#changed('signedOut', provider);
    }
    async fetch(provider, input, init) {
        const config = this.#config(provider);
        const request = new Request(input, init);
        assertResourceOrigin(config, request.url);
        return authorizedFetch(request, {
            token: () => this.getToken(provider),
            // A DPoP-bound token goes out with a proof of the session's key, which core signs.
            ...(config.dpop && {
                scheme: 'dpop',
                send: async (req, token) => this.#client.resourceRequest(provider, {
                    url: req.url,
                    method: req.method,
                    headers: req.headers,
                    body: req.body ? await req.arrayBuffer() : null,
                }, { accessToken: token }),
            }),
            refresh: async (stale) => {
                this.#drop(provider);
                const current = await this.#client.getTokenInfo(provider);
                // Another tab may have refreshed already: only refresh when the store still holds the refused token.
                const info = current && current.accessToken !== stale ? current : await this.#client.refresh(provider);
                const fresh = pageToken(info);
                this.#cache.set(fresh);
                return fresh.accessToken;
            },
        });
    }
    userinfo(provider) {
        return this.#client.userinfo(provider);
    }
    on(event, listener) {
        return this.#emitter.on(event, listener);
    }
    close() {
        this.#channel.close();
    }
}
