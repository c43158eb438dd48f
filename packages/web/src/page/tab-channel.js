export const CHANNEL_NAME = 'latchkey';
/** Whether `data` is a {@link TabMessage} (another tab may run another version: checked anyway). */
export function isTabMessage(data) {
    const d = data;
    return (typeof d === 'object' &&
        d !== null &&
        d.latchkey === 1 &&
        (d.type === 'tokenChanged' || d.type === 'signedOut') &&
        typeof d.provider === 'string');
}
/** Token changes and sign-outs, broadcast to every tab of this origin. */
export class TabChannel {
    #channel;
    constructor(onMessage) {
        if (typeof BroadcastChannel !== 'function')
            return;
        this.#channel = new BroadcastChannel(CHANNEL_NAME);
        this.#channel.onmessage = (event) => {
            if (isTabMessage(event.data))
                onMessage(event.data);
        };
    }
    post(type, provider) {
        this.#channel?.postMessage({ latchkey: 1, type, provider });
    }
    close() {
        this.#channel?.close();
    }
}
