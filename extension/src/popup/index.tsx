import { render } from 'preact';

render(<main>Latchkey</main>, document.getElementById('app')!);
