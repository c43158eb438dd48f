// Imported first by the dev IdP (before oidc-provider, whose runtime check runs at import time).
/**
 * oidc-provider's notices that are expected for this development-only IdP, printed in bold red on
 * every start and in every test otherwise. Each is a deliberate choice here, not a fault:
 * - the runtime check asks for a Node.js LTS from v22 on; the project supports Node ≥ 20.19, where
 *   everything the dev IdP uses works;
 * - `devInteractions` are the login and consent pages the dev IdP serves on purpose (any login);
 * - the dev IdP reads request bodies itself (request log, tamper hooks) before oidc-provider does;
 * - revocation keeps oidc-provider's default policy (a client revokes only its own tokens), which
 *   is what a public client's sign-out needs.
 *
 * Every other oidc-provider warning or notice is printed as before. `LATCHKEY_DEV_IDP_NOTICES=1`
 * prints these too.
 */
export const KNOWN_DEV_NOTICES: readonly RegExp[] = [
  /^oidc-provider WARNING: Unsupported runtime\. /,
  /^oidc-provider WARNING: a quick start development-only feature devInteractions is enabled, /,
  /^oidc-provider WARNING: already parsed request body detected, /,
  /^oidc-provider NOTICE: default features\.revocation\.allowedPolicy function called, /,
];

const ANSI = /\x1b\[[0-9;]*m/g;

/** Whether a console line is one of {@link KNOWN_DEV_NOTICES} (with or without its colours). */
export function isKnownDevNotice(line: unknown): boolean {
  if (typeof line !== 'string') return false;
  const plain = line.replace(ANSI, '');
  return KNOWN_DEV_NOTICES.some((re) => re.test(plain));
}

const installed = Symbol.for('latchkey.dev-idp.notice-filter');

/**
 * Drops {@link KNOWN_DEV_NOTICES} from `console.warn` and `console.info` (oidc-provider's only
 * outputs for them); anything else goes through unchanged. Installed once per process.
 */
export function installNoticeFilter(env: NodeJS.ProcessEnv = process.env): void {
  if (env.LATCHKEY_DEV_IDP_NOTICES === '1') return;
  const host = console as Console & { [installed]?: true };
  if (host[installed]) return;
  host[installed] = true;
  for (const method of ['warn', 'info'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (args.length === 1 && isKnownDevNotice(args[0])) return;
      original(...args);
    };
  }
}

installNoticeFilter();
