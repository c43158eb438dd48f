export { createLatchkey } from './create-latchkey.js';
export { LatchkeyError, isLatchkeyError, validateProviderConfig } from '@latchkey/core';
