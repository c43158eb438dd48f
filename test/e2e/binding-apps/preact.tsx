/** @jsxImportSource preact */
import { render } from 'preact';
import { LatchkeyProvider, useAccessToken, useSession } from '@latchkey/web/preact';
import { codeOf, pageLatchkey } from './common.js';

function Session() {
  const session = useSession('dev');
  const { token } = useAccessToken('dev', { scopes: ['openid'] });
  return (
    <main>
      <p data-testid="status">{session.status}</p>
      <p data-testid="pending">{session.pending ?? ''}</p>
      <p data-testid="error">{codeOf(session.error)}</p>
      <p data-testid="sub">{session.token?.account?.sub ?? ''}</p>
      <p data-testid="token">{token ?? ''}</p>
      <button data-testid="sign-in" onClick={() => void session.signIn()}>
        Sign in
      </button>
      <button data-testid="sign-out" onClick={() => void session.signOut()}>
        Sign out
      </button>
    </main>
  );
}

const latchkey = await pageLatchkey();
render(
  <LatchkeyProvider latchkey={latchkey}>
    <Session />
  </LatchkeyProvider>,
  document.getElementById('app')!,
);
