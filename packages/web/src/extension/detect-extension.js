import { bridgeTransport } from './bridge-transport.js';
import { pageRuntime, runtimeTransport } from './runtime-transport.js';
/**
 * Says `hello` to the Latchkey extension, directly when its id is known and `chrome.runtime` is
 * exposed to this page, else through the content-script bridge. Resolves with the transport that
 * answered, or `undefined` when none did within the timeout.
 */
export async function detectExtension(options, sink) {
    const runtime = pageRuntime();
    const candidates = [
        () => options.extensionId && runtime && runtimeTransport(runtime, options.extensionId, sink),
        () => bridgeTransport(sink),
    ];
    for (const candidate of candidates) {
        const transport = candidate();
        if (!transport)
            continue;
        try {
            await transport.request('hello', {}, options.helloTimeout ?? 300);
            return transport;
        }
        catch {
            transport.close();
        }
    }
    return undefined;
}
