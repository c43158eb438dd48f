// The devtools page only registers the panel; the panel page does the work. The path is relative
// to the extension root, where the built panel page keeps its source path.
import { browser } from '../platform/index.js';
void Promise.resolve(
  browser.devtools.panels.create('Latchkey', '', 'src/devtools/panel.html'),
).catch(console.warn);
