import type { LogRecord } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';

/** Anything that looks like a token (long base64url / JWT runs) is masked before it is logged. */
export function maskSecrets(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.~+/]{24,}={0,2}/g, (m) => `${m.slice(0, 4)}…${m.slice(-2)}`);
}

/** Appends to the bounded log store; never throws (the log must not break a call). */
export async function appendLog(record: Omit<LogRecord, 'id'>): Promise<void> {
  try {
    const clean =
      record.detail === undefined ? record : { ...record, detail: maskSecrets(record.detail) };
    await (await brokerStorage()).appendLog(clean);
  } catch (error) {
    console.warn('latchkey: could not write the event log', error);
  }
}

/** The newest entries, optionally of one origin. */
export async function readLog(limit = 200, origin?: string): Promise<LogRecord[]> {
  const records = await (await brokerStorage()).readLog(origin ? Math.max(limit, 1000) : limit);
  return (origin ? records.filter((r) => r.origin === origin) : records).slice(0, limit);
}
