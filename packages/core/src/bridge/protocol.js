/** Version of the page ↔ extension protocol; a message with another version is refused. */
export const PROTOCOL_VERSION = 1;
