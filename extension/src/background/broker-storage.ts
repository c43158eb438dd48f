import { openIdbStorage } from '@latchkey/core';
import type { LatchkeyStorage } from '@latchkey/core';
import { cachingStorage } from './caching-storage.js';

let opened: Promise<LatchkeyStorage> | undefined;

/**
 * Core's IndexedDB storage (database `latchkey`). The open connection is a cache: IndexedDB is the
 * truth, and a restarted worker simply opens it again.
 */
export function brokerStorage(): Promise<LatchkeyStorage> {
  opened ??= Promise.resolve(openIdbStorage())
    .then(cachingStorage)
    .catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
  return opened;
}
