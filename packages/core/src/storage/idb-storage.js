import { openDB } from 'idb';
import { DB_VERSION, MIGRATIONS } from './schema.js';
/**
 * Latchkey's storage in IndexedDB through `idb`. The database opens lazily, on first use, and every
 * method is one IndexedDB transaction, so a service worker stopped between two calls loses nothing.
 */
export function openIdbStorage({ name = 'latchkey', logLimit = 500, } = {}) {
    let opening;
    const db = () => (opening ??= openDB(name, DB_VERSION, {
        upgrade(database, oldVersion, _newVersion, tx) {
            for (let v = oldVersion; v < DB_VERSION; v++)
                MIGRATIONS[v](database, tx);
        },
        // Another context upgrades the schema: let it, and reopen on next use.
        blocking() {
            void opening?.then((d) => d.close());
            opening = undefined;
        },
    }));
    return {
        async putTransaction(record) {
            await (await db()).put('transactions', record);
        },
        async takeTransaction(state) {
            const tx = (await db()).transaction('transactions', 'readwrite');
            const record = await tx.store.get(state);
            // Read and delete in one transaction: a state is consumed at most once, even when two
            // callbacks race.
            if (record)
                await tx.store.delete(state);
            await tx.done;
            return record;
        },
        async pruneTransactions(olderThan) {
            const tx = (await db()).transaction('transactions', 'readwrite');
            let cursor = await tx.store
                .index('createdAt')
                .openCursor(IDBKeyRange.upperBound(olderThan, true));
            while (cursor) {
                await cursor.delete();
                cursor = await cursor.continue();
            }
            await tx.done;
        },
        async getTokens(provider) {
            return (await db()).get('tokens', provider);
        },
        async putTokens(record) {
            await (await db()).put('tokens', record);
        },
        async deleteTokens(provider) {
            await (await db()).delete('tokens', provider);
        },
        async getGrant(origin, provider) {
            return (await db()).get('grants', [origin, provider]);
        },
        async putGrant(record) {
            await (await db()).put('grants', record);
        },
        async deleteGrant(origin, provider) {
            await (await db()).delete('grants', [origin, provider]);
        },
        async listGrants(origin) {
            const d = await db();
            return origin === undefined
                ? d.getAll('grants')
                : d.getAllFromIndex('grants', 'origin', origin);
        },
        async getProviders() {
            return (await (await db()).getAll('providers')).map((p) => p.config);
        },
        async putProviders(configs) {
            const tx = (await db()).transaction('providers', 'readwrite');
            await tx.store.clear();
            for (const config of configs) {
                const id = config.id;
                if (typeof id === 'string')
                    await tx.store.put({ id, config });
            }
            await tx.done;
        },
        async getServerMetadata(issuer) {
            return (await db()).get('metadata', issuer);
        },
        async putServerMetadata(record) {
            await (await db()).put('metadata', record);
        },
        async appendLog(record) {
            const tx = (await db()).transaction('log', 'readwrite');
            await tx.store.add(record);
            const count = await tx.store.count();
            if (count > logLimit) {
                let cursor = await tx.store.openCursor();
                for (let extra = count - logLimit; cursor && extra > 0; extra--) {
                    await cursor.delete();
                    cursor = await cursor.continue();
                }
            }
            await tx.done;
        },
        async readLog(limit = 100) {
            const tx = (await db()).transaction('log');
            const out = [];
            let cursor = await tx.store.openCursor(null, 'prev');
            while (cursor && out.length < limit) {
                out.push(cursor.value);
                cursor = await cursor.continue();
            }
            await tx.done;
            return out;
        },
        close() {
            void opening?.then((d) => d.close());
            opening = undefined;
        },
    };
}
