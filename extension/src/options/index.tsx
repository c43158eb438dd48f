import { render } from 'preact';

render(<main>Latchkey options</main>, document.getElementById('app')!);
