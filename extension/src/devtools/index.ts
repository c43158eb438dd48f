// The devtools page: it only registers the panel; the panel page does the work.
chrome.devtools.panels.create('Latchkey', '', 'src/devtools/panel.html');
