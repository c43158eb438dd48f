import type { ClaimProblem, JsonObject } from './jwt.js';
import { numericDateView } from './relative-time.js';

export interface ClaimsTableProps {
  caption: string;
  values: JsonObject;
  now: number;
  problems?: ClaimProblem[];
}

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

/** A JOSE header or a claims set as a two-column table; NumericDate claims as dates. */
export function ClaimsTable({ caption, values, now, problems = [] }: ClaimsTableProps) {
  return (
    <table class="claims">
      <caption>{caption}</caption>
      <thead class="visually-hidden">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(values).map(([name, value]) => {
          const problem = problems.find((p) => p.claim === name && p.kind !== 'missing');
          return (
            <tr key={name} class={problem ? 'problem' : undefined}>
              <th scope="row">{name}</th>
              <td>
                <ClaimValue name={name} value={value} now={now} />
                {problem && <strong class="badge bad">{problem.message}</strong>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ClaimValue({ name, value, now }: { name: string; value: unknown; now: number }) {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    const date = numericDateView(value, now);
    if (date === undefined) {
      return (
        <span>
          <code>{String(value)}</code> <span class="muted">(not a valid date)</span>
        </span>
      );
    }
    return (
      <span>
        <code>{value}</code> {date.date} <span class="muted">({date.relative})</span>
      </span>
    );
  }
  if (typeof value === 'string') return <code>{value}</code>;
  return <code>{JSON.stringify(value)}</code>;
}
