import { createHash, generateKeyPairSync, randomUUID, sign, type JsonWebKey } from 'node:crypto';

/** A DPoP key pair and a proof maker, as a client would hold them (RFC 9449 §4.2), ES256. */
export function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
  return {
    proof(
      method: string,
      url: string,
      accessToken?: string,
      overrides: Record<string, unknown> = {},
    ): string {
      const header = { typ: 'dpop+jwt', alg: 'ES256', jwk };
      const payload = {
        htm: method,
        htu: url,
        iat: Math.floor(Date.now() / 1000),
        jti: randomUUID(),
        ...(accessToken && {
          ath: createHash('sha256').update(accessToken).digest('base64url'),
        }),
        ...overrides,
      };
      const input = `${b64(header)}.${b64(payload)}`;
      const signature = sign('sha256', Buffer.from(input), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
