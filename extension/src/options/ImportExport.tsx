import { useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';

export interface ImportExportProps {
  exportJson: () => string;
  importJson: (text: string) => Promise<unknown[]>;
}

/** Providers as JSON: export to a file, import from pasted text or a file. */
export function ImportExport({ exportJson, importJson }: ImportExportProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ErrorView | undefined>(undefined);
  const [note, setNote] = useState('');

  const onImport = async () => {
    setError(undefined);
    setNote('');
    try {
      const imported = await importJson(text);
      setNote(`Imported ${imported.length} provider(s).`);
      setText('');
    } catch (e) {
      setError(
        e instanceof SyntaxError
          ? { code: 'config_invalid', message: `Not JSON: ${e.message}` }
          : toErrorView(e),
      );
    }
  };
  const onFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file !== undefined) setText(await file.text());
  };
  const onExport = () => {
    const url = URL.createObjectURL(new Blob([exportJson()], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'latchkey-providers.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <details class="card import-export">
      <summary>Import / export JSON</summary>
      <div class="row">
        <button type="button" onClick={onExport}>
          Export providers
        </button>
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Import file"
          onChange={onFile}
        />
      </div>
      <label class="field">
        <span>Providers JSON (an array of configs)</span>
        <textarea
          rows={6}
          name="import"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="button" disabled={text.trim() === ''} onClick={onImport}>
        Import
      </button>
      {note !== '' && <p role="status">{note}</p>}
      <ErrorNote error={error} />
    </details>
  );
}
