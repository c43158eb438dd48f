/**
 * Types shared by the client's surface and its protocol steps. This module imports nothing, so that
 * `context.ts`, `client-types.ts` and the steps can all depend on it without an import cycle.
 */
export {};
