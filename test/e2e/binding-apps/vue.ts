import { createApp, defineComponent, h } from 'vue';
import { createLatchkeyPlugin, useAccessToken, useSession } from '@latchkey/web/vue';
import { codeOf, pageLatchkey } from './common.js';

const Session = defineComponent({
  setup() {
    const session = useSession('dev');
    const { token } = useAccessToken('dev', { scopes: ['openid'] });
    return () =>
      h('main', [
        h('p', { 'data-testid': 'status' }, session.status.value),
        h('p', { 'data-testid': 'pending' }, session.pending.value ?? ''),
        h('p', { 'data-testid': 'error' }, codeOf(session.error.value)),
        h('p', { 'data-testid': 'sub' }, session.token.value?.account?.sub ?? ''),
        h('p', { 'data-testid': 'token' }, token.value ?? ''),
        h('button', { 'data-testid': 'sign-in', onClick: () => void session.signIn() }, 'Sign in'),
        h(
          'button',
          { 'data-testid': 'sign-out', onClick: () => void session.signOut() },
          'Sign out',
        ),
      ]);
  },
});

const latchkey = await pageLatchkey();
createApp(Session).use(createLatchkeyPlugin(latchkey)).mount('#app');
