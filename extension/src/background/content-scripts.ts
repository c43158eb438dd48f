import { LatchkeyError, parseOrigin, originMatchPattern } from '@latchkey/core';
import { checkLoopback } from './sender-origin.js';
import bridgeScript from '../content/bridge.iife.ts?script';

const SCRIPT_ID = 'latchkey-bridge';
const SITES_KEY = 'bridgeSites';

async function readSites(): Promise<string[]> {
  const { [SITES_KEY]: sites } = await chrome.storage.local.get(SITES_KEY);
  return Array.isArray(sites) ? (sites as string[]) : [];
}

/**
 * Registers the content-script bridge for the sites added in the options page (those not in
 * `externally_connectable`), limited to the sites whose host permission the user granted.
 * @see https://developer.chrome.com/docs/extensions/reference/api/scripting#method-registerContentScripts
 */
export async function syncBridgeScripts(): Promise<void> {
  const sites = await readSites();
  const granted: string[] = [];
  for (const site of sites) {
    const pattern = originMatchPattern(site);
    if (await chrome.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const matches = [...new Set(granted)];
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) {
    if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return;
  }
  const script: chrome.scripting.RegisteredContentScript = {
    id: SCRIPT_ID,
    js: [bridgeScript],
    matches,
    allFrames: true,
    runAt: 'document_start',
    persistAcrossSessions: true,
  };
  if (existing.length) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
}

/** Adds a site for the bridge (the options page asked for its host permission first). */
export async function addBridgeSite(value: string): Promise<void> {
  const origin = parseOrigin(value);
  if (!origin)
    throw new LatchkeyError('invalid_request', `${value} is not an https or loopback origin`);
  checkLoopback(origin);
  const sites = await readSites();
  if (!sites.includes(origin)) await chrome.storage.local.set({ [SITES_KEY]: [...sites, origin] });
  await syncBridgeScripts();
}
