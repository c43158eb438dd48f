import { LatchkeyError } from '@latchkey/core';
/**
 * What a redirect sign-in's promise does once `location.assign()` sent the page to the authorization
 * server: it stays pending while the page unloads (`handleRedirectCallback()` takes over on return),
 * and it rejects — rather than hang — when the page did not leave: `timeout` when no `pagehide` came
 * within `ms` (the navigation was cancelled, e.g. "Stay on page" in a `beforeunload` prompt), and
 * `user_cancelled` when the page is shown again from the back/forward cache.
 */
export function leavePage(ms) {
    return new Promise((_, reject) => {
        const fail = (error) => {
            stop();
            reject(error);
        };
        const timer = setTimeout(() => fail(new LatchkeyError('timeout', 'The page did not leave for the authorization server')), ms);
        const onHide = () => clearTimeout(timer);
        const onShow = (event) => {
            if (event.persisted)
                fail(new LatchkeyError('user_cancelled', 'Came back to the page without signing in'));
        };
        const stop = () => {
            clearTimeout(timer);
            removeEventListener('pagehide', onHide);
            removeEventListener('pageshow', onShow);
        };
        addEventListener('pagehide', onHide);
        addEventListener('pageshow', onShow);
    });
}
