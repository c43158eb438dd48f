import type { LogRecord } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';

/** Anything that looks like a token (long base64url / JWT runs) is masked before it is logged. */
export function maskSecrets(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.~+/]{24,}={0,2}/g, (m) => `${m.slice(0, 4)}…${m.slice(-2)}`);
}

/** Entries not yet written; at most {@link FLUSH_DELAY_MS} old (a stopped worker loses only these). */
let pending: Omit<LogRecord, 'id'>[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
const FLUSH_DELAY_MS = 250;

async function flush(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const batch = pending;
  pending = [];
  if (batch.length === 0) return;
  try {
    const storage = await brokerStorage();
    for (const record of batch) await storage.appendLog(record);
  } catch (error) {
    console.warn('latchkey: could not write the event log', error);
  }
}

/**
 * Queues an entry for the bounded log store, written in a batch off the answer's path (a cached
 * `getToken` must cost about a message round trip). Never throws: the log must not break a call.
 */
export function appendLog(record: Omit<LogRecord, 'id'>): void {
  pending.push(
    record.detail === undefined ? record : { ...record, detail: maskSecrets(record.detail) },
  );
  timer ??= setTimeout(() => void flush(), FLUSH_DELAY_MS);
}

/** The newest entries, optionally of one origin (queued entries are written first). */
export async function readLog(limit = 200, origin?: string): Promise<LogRecord[]> {
  await flush();
  const records = await (await brokerStorage()).readLog(origin ? Math.max(limit, 1000) : limit);
  return (origin ? records.filter((r) => r.origin === origin) : records).slice(0, limit);
}
