import { ClaimsTable } from './ClaimsTable.js';
import { audiences, checkClaims, decodeJwt } from './jwt.js';
import { useNow } from './use-now.js';

export interface JwtViewProps {
  token: string;
  /** e.g. "Access token", "ID token", "Bearer token". */
  title: string;
}

/**
 * A token decoded for reading: a JWS shows its header and claims (signature NOT verified), a JWE
 * its header only, anything else is opaque.
 */
export function JwtView({ token, title }: JwtViewProps) {
  const now = useNow();
  const decoded = decodeJwt(token);
  if (decoded.kind === 'opaque') {
    return (
      <section class="jwt" aria-label={`${title} decoded`}>
        <h4>{title}</h4>
        <p class="muted">
          Opaque token ({decoded.length} characters): not a JWT, nothing to decode.
        </p>
      </section>
    );
  }
  if (decoded.kind === 'jwe') {
    return (
      <section class="jwt" aria-label={`${title} decoded`}>
        <h4>{title}: encrypted JWT (JWE)</h4>
        <ClaimsTable caption="Header" values={decoded.header} now={now} />
      </section>
    );
  }
  const problems = checkClaims(decoded.claims, now);
  const iss = decoded.claims.iss;
  const aud = audiences(decoded.claims);
  return (
    <section class="jwt" aria-label={`${title} decoded`}>
      <h4>
        {title}: JWT{' '}
        <span class="muted">({String(decoded.header.alg)}, signature not verified)</span>
      </h4>
      <dl class="facts">
        <dt>Issuer</dt>
        <dd>{typeof iss === 'string' ? <code>{iss}</code> : <span class="muted">none</span>}</dd>
        <dt>Audience</dt>
        <dd>{aud.length > 0 ? <code>{aud.join(', ')}</code> : <span class="muted">none</span>}</dd>
      </dl>
      {problems.length > 0 && (
        <ul class="problems" aria-label={`${title} problems`}>
          {problems.map((p) => (
            <li key={`${p.claim}-${p.kind}`} class={p.kind === 'missing' ? 'warn' : 'bad'}>
              <code>{p.claim}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
      <ClaimsTable caption="Header" values={decoded.header} now={now} />
      <ClaimsTable caption="Claims" values={decoded.claims} now={now} problems={problems} />
    </section>
  );
}
