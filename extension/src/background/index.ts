// The broker: every listener is registered synchronously at the top level, so a stopped worker is
// woken by the event that needs it. Nothing that matters lives in module variables (docs/architecture.md, "Where state lives").
import { isRequestShaped } from '@latchkey/core';
import { catchRedirect, flowWindowClosed, isRedirectOf } from './auth-flow.js';
import { consentWindowClosed } from './access/index.js';
import { syncBridgeScripts } from './content-scripts.js';
import {
  handleInternalMessage,
  handlePageMessage,
  isExtensionPage,
  isInternalMessage,
} from './dispatch.js';
import { appendLog } from './event-log.js';
import { addPort } from './event-ports.js';
import { invalidateProviders, policyProvidersChanged } from './provider-registry.js';
import { senderOrigin } from './sender-origin.js';
import { listPending } from './session-store.js';

// A promise chain nobody handles is a defect: it is logged (type `unhandled_rejection`, visible in
// the devtools panel's log and checked by the e2e harness), not lost in the worker's console.
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  const reason: unknown = event.reason;
  appendLog({
    at: Date.now(),
    type: 'unhandled_rejection',
    detail: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
  });
});

// Web pages in `externally_connectable`.
chrome.runtime.onMessageExternal.addListener((message, sender, sendResponse) => {
  void handlePageMessage(message, sender).then(sendResponse);
  return true;
});

// The extension's own pages (internal protocol) and the bridge content script (page protocol).
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (isInternalMessage(message)) {
    if (!isExtensionPage(sender)) return false; // a content script or anything else: no answer
    void handleInternalMessage(message).then(sendResponse);
    return true;
  }
  if (
    sender.id === chrome.runtime.id &&
    sender.tab &&
    !isExtensionPage(sender) &&
    isRequestShaped(message)
  ) {
    void handlePageMessage(message, sender).then(sendResponse);
    return true;
  }
  return false;
});

// Event ports: pages (`latchkey-events`) and bridge content scripts (`latchkey-bridge`).
const acceptPort = (port: chrome.runtime.Port): void => {
  try {
    if (!port.sender) throw new Error('no sender');
    addPort(senderOrigin(port.sender), port);
  } catch {
    port.disconnect();
  }
};
chrome.runtime.onConnectExternal.addListener(acceptPort);
chrome.runtime.onConnect.addListener((port) => {
  if (port.name === 'latchkey-bridge' && port.sender?.tab && !isExtensionPage(port.sender))
    acceptPort(port);
});

// Consent and login windows closed before they finished.
chrome.windows.onRemoved.addListener((windowId) => {
  void listPending()
    .then(({ flows, consents }) => {
      for (const c of consents) if (c.windowId === windowId) consentWindowClosed(c);
      for (const f of flows) if (f.windowId === windowId) flowWindowClosed(f);
    })
    .catch(console.warn);
});

// Popup-window flows: the provider redirected to the registered redirect URI.
const onNavigation = (details: { url: string; frameId: number }): void => {
  if (details.frameId !== 0) return;
  void listPending()
    .then(async ({ flows }) => {
      for (const f of flows) if (isRedirectOf(details.url, f)) await catchRedirect(f, details.url);
    })
    .catch(console.warn);
};
chrome.webNavigation.onCommitted.addListener(onNavigation);
chrome.webNavigation.onErrorOccurred.addListener(onNavigation);

chrome.runtime.onInstalled.addListener(() => void syncBridgeScripts().catch(console.warn));
chrome.runtime.onStartup.addListener(() => void syncBridgeScripts().catch(console.warn));

// Enterprise policy changed: merge the providers again on the next call; a provider that now
// names another server or client loses its session.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'managed') return;
  invalidateProviders();
  const change = changes.providers;
  if (change) {
    void policyProvidersChanged(change.oldValue, change.newValue).catch(console.warn);
  }
});
