import { generateKeyPair, type JsonWebKey } from 'node:crypto';

let keys: Promise<{ keys: JsonWebKey[] }> | undefined;

/**
 * The dev IdP's signing keys: an RSA key (RS256, the id_token default) and a P-256 key (ES256),
 * made once per process so that servers start fast and no key is ever checked in.
 * @see OpenID Connect Core 1.0 §10.1 (signing)
 */
export function signingKeys(): Promise<{ keys: JsonWebKey[] }> {
  keys ??= Promise.all([
    generate('rsa', { modulusLength: 2048 }, 'RS256'),
    generate('ec', { namedCurve: 'P-256' }, 'ES256'),
  ]).then((jwks) => ({ keys: jwks }));
  return keys;
}

function generate(
  type: 'rsa' | 'ec',
  options: { modulusLength: number } | { namedCurve: string },
  alg: string,
): Promise<JsonWebKey> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, privateKey: import('node:crypto').KeyObject) => {
      if (err) return reject(err);
      const jwk = privateKey.export({ format: 'jwk' });
      resolve({ ...jwk, alg, use: 'sig', kid: `dev-${alg.toLowerCase()}` });
    };
    if (type === 'rsa')
      generateKeyPair('rsa', options as { modulusLength: number }, (err, _pub, priv) =>
        done(err, priv),
      );
    else
      generateKeyPair('ec', options as { namedCurve: string }, (err, _pub, priv) =>
        done(err, priv),
      );
  });
}
