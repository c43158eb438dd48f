/**
 * Types shared by the client's surface and its protocol steps. This module imports nothing, so that
 * `context.ts`, `client-types.ts` and the steps can all depend on it without an import cycle.
 */

/** An event for logs and inspectors. Never carries a token in clear. */
export interface LatchkeyEvent {
  type:
    | 'authorization_started'
    | 'authorization_completed'
    | 'authorization_failed'
    | 'token_refreshed'
    | 'refresh_failed'
    | 'signed_out'
    | 'device_authorization_started'
    | 'request';
  provider: string;
  /** The account (`sub`, `''` without an id_token) of the session the event concerns, if one. */
  account?: string;
  at: number;
  detail?: Record<string, string | number | boolean | undefined>;
}

/** A request to a protected resource, as `resourceRequest` takes it. */
export interface ResourceRequest {
  url: string;
  method?: string;
  headers?: HeadersInit;
  body?: ArrayBuffer | Uint8Array | string | URLSearchParams | null;
}
