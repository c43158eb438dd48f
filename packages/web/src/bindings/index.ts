export {
  accessTokenOf,
  actionsOf,
  createSessionStore,
  entryKey,
  sessionStore,
} from './session-store.js';
export type {
  AccessTokenState,
  SessionActions,
  SessionSnapshot,
  SessionStatus,
  SessionStore,
  TokenOptions,
} from './session-store.js';
