import { render } from 'preact';

render(<main>Latchkey inspector</main>, document.getElementById('app')!);
