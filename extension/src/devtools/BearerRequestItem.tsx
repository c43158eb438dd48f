import { JwtView } from '../ui/JwtView.js';
import { MaskedToken } from '../ui/MaskedToken.js';
import { formatDate } from '../ui/relative-time.js';
import type { BearerRequest } from './bearer-requests.js';

export interface BearerRequestItemProps {
  request: BearerRequest;
}

/** One request with a bearer token; expands to the decoded token. */
export function BearerRequestItem({ request }: BearerRequestItemProps) {
  const failed = request.status === 0 || request.status >= 400;
  return (
    <li class="card bearer-request" data-url={request.url}>
      <details>
        <summary class="row">
          <code>{request.method}</code>
          <code class="url">{request.url}</code>
          <span class={failed ? 'badge bad' : 'badge ok'}>{request.status || 'failed'}</span>
          <span class="muted">
            {request.durationMs} ms, {formatDate(request.startedAt)}
          </span>
        </summary>
        <MaskedToken token={request.token} label="bearer token" />
        <JwtView token={request.token} title="Bearer token" />
      </details>
    </li>
  );
}
