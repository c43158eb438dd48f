export function createEmitter() {
    const listeners = new Set();
    return {
        on(event, fn) {
            const entry = [event, fn];
            listeners.add(entry);
            return () => listeners.delete(entry);
        },
        emit(event, provider) {
            for (const [name, fn] of listeners) {
                if (name !== event)
                    continue;
                try {
                    fn({ provider });
                }
                catch (err) {
                    queueMicrotask(() => {
                        throw err;
                    });
                }
            }
        },
    };
}
