import type { BrokerEvent, LatchkeyClient, LatchkeyStorage, TokenInfo } from '@latchkey/core';
import { askConsent, type ConsentQuestion } from './access/consent.js';
import { runAuthFlow, runEndSession, runSilentAuthFlow, type FlowOptions } from './auth-flow.js';
import { brokerClient } from './broker-client.js';
import { brokerStorage } from './broker-storage.js';
import { pushEvent } from './event-ports.js';
import { storedSiteSessions, type SiteSessions } from './site-sessions.js';
import { notifyGrantRevoked, notifyProvider } from './notify.js';
import { findProvider, loadProviders, type RegisteredProvider } from './provider-registry.js';

/**
 * What the broker's handlers work with, passed in rather than imported, so that a test gives them
 * real parts (core's client over fake-indexeddb, a stubbed `fetch`) or its own, without module mocks.
 * {@link liveContext} is the extension's.
 */
export interface BrokerContext {
  client(): Promise<LatchkeyClient>;
  storage(): Promise<LatchkeyStorage>;
  providers(): Promise<RegisteredProvider[]>;
  /** One provider, or `provider_unknown`. */
  provider(id: string): Promise<RegisteredProvider>;
  /** Asks the person (consent window); resolves with their answer. */
  askConsent(question: ConsentQuestion): Promise<boolean>;
  /** The interactive sign-in (login window). */
  runAuthFlow(provider: RegisteredProvider, options: FlowOptions): Promise<TokenInfo>;
  /** Silent re-authentication (`prompt=none`, no window); `login_required` when it cannot be. */
  runSilentAuthFlow(provider: RegisteredProvider, options: FlowOptions): Promise<TokenInfo>;
  /** Opens core's end-session URL (RP-Initiated Logout) in a login window; `state` is checked. */
  runEndSession(
    provider: RegisteredProvider,
    url: string,
    state: string | undefined,
  ): Promise<void>;
  /** Tells the pages allowed to use `provider` that its session changed. */
  notify(provider: string, event: Exclude<BrokerEvent['event'], 'grantRevoked'>): void;
  /** Tells one origin's pages of a change for them alone (their own sign-out). */
  notifySite(origin: string, event: BrokerEvent['event'], provider: string): void;
  /** Which sites signed themselves out of a provider's session (see site-sessions.ts). */
  siteSessions: SiteSessions;
  /** Tells one origin's pages that their grant is gone. */
  grantRevoked(origin: string, provider: string): void;
  /** The network, for the token-mediated fetch. */
  fetch: typeof fetch;
}

/** The extension's context: IndexedDB, the merged providers, real windows. */
export const liveContext: BrokerContext = {
  client: brokerClient,
  storage: brokerStorage,
  providers: loadProviders,
  provider: findProvider,
  askConsent,
  runAuthFlow,
  runSilentAuthFlow,
  runEndSession,
  notify: (provider, event) => void notifyProvider(provider, event),
  notifySite: (origin, event, provider) => pushEvent([origin], event, provider),
  siteSessions: storedSiteSessions,
  grantRevoked: notifyGrantRevoked,
  fetch: (input, init) => fetch(input, init),
};
