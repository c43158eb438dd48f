import { PORT_NAMES, PROTOCOL_VERSION } from '@latchkey/core';
import type { BridgeState, BrokerEvent } from '@latchkey/core';
import type { Runtime } from 'webextension-polyfill';

/**
 * Long-lived ports of connected pages (`runtime.onConnectExternal`) and bridge content scripts
 * (`runtime.onConnect`), by origin. Ports die with the worker; pages reconnect on their next call,
 * so this map holds nothing that must survive a stop.
 */
const ports = new Map<string, Set<Runtime.Port>>();

/**
 * Registers `port` for `origin`'s pushes. A bridge's port is then told `live`: from that message on,
 * every push for the origin reaches it, so its pages may answer cached tokens from memory.
 */
export function addPort(origin: string, port: Runtime.Port): void {
  let set = ports.get(origin);
  if (!set) ports.set(origin, (set = new Set()));
  set.add(port);
  port.onDisconnect.addListener(() => {
    set.delete(port);
    if (set.size === 0) ports.delete(origin);
  });
  if (port.name === PORT_NAMES.bridge) {
    try {
      port.postMessage({ latchkey: PROTOCOL_VERSION, bridge: 'live' } satisfies BridgeState);
    } catch {
      // closed already; onDisconnect removes it
    }
  }
}

export function connectedOrigins(): string[] {
  return [...ports.keys()];
}

/** Pushes an event to every connected page of `origins`. */
export function pushEvent(
  origins: Iterable<string>,
  event: BrokerEvent['event'],
  provider: string,
): void {
  const message: BrokerEvent = { latchkey: PROTOCOL_VERSION, event, provider };
  for (const origin of origins) {
    for (const port of ports.get(origin) ?? []) {
      try {
        port.postMessage(message);
      } catch {
        // a port that closed meanwhile; onDisconnect removes it
      }
    }
  }
}
