import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';
import { showValue, type FieldChange, type ImportEntry } from './import-diff.js';
import type { ImportReview } from './providers-model.js';

export interface ImportExportProps {
  exportJson: () => string;
  reviewImport: (text: string) => Promise<ImportReview>;
  applyImport: (review: ImportReview) => Promise<unknown[]>;
}

/**
 * Providers as JSON: export to a file; import from pasted text or a file, in two steps: "Review
 * import" shows what would change (per provider, field by field, the fields that decide where tokens
 * go highlighted), and only "Apply import" changes anything.
 */
export function ImportExport({ exportJson, reviewImport, applyImport }: ImportExportProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ErrorView | undefined>(undefined);
  const [note, setNote] = useState('');
  const [review, setReview] = useState<ImportReview | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const onReview = async () => {
    setError(undefined);
    setNote('');
    setBusy(true);
    try {
      setReview(await reviewImport(text));
    } catch (e) {
      setError(
        e instanceof SyntaxError
          ? { code: 'config_invalid', message: `Not JSON: ${e.message}` }
          : toErrorView(e),
      );
    } finally {
      setBusy(false);
    }
  };
  const onApply = async () => {
    if (review === undefined) return;
    setError(undefined);
    setBusy(true);
    try {
      const imported = await applyImport(review);
      setNote(`Imported ${imported.length} provider(s).`);
      setReview(undefined);
      setText('');
    } catch (e) {
      setError(toErrorView(e));
    } finally {
      setBusy(false);
    }
  };
  const onFile = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (file !== undefined) {
      setReview(undefined);
      setText(await file.text());
    }
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
          onInput={(e) => {
            setReview(undefined);
            setText((e.currentTarget as HTMLTextAreaElement).value);
          }}
        />
      </label>
      <button type="button" disabled={text.trim() === '' || busy} onClick={onReview}>
        Review import
      </button>
      {review !== undefined && (
        <ImportReviewDialog
          review={review}
          busy={busy}
          onApply={() => void onApply()}
          onCancel={() => setReview(undefined)}
        />
      )}
      {note !== '' && <p role="status">{note}</p>}
      <ErrorNote error={error} />
    </details>
  );
}

const TITLES: Record<ImportEntry['kind'], string> = {
  add: 'New provider',
  replace: 'Changes',
  unchanged: 'No change',
  refused: 'Refused',
};

interface ImportReviewDialogProps {
  review: ImportReview;
  busy: boolean;
  onApply: () => void;
  onCancel: () => void;
}

/** What the import would do; "Apply import" only when nothing in it is refused. */
function ImportReviewDialog({ review, busy, onApply, onCancel }: ImportReviewDialogProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [review]);
  const { entries } = review;
  const refused = entries.filter((e) => e.kind === 'refused').length;
  const changing = entries.filter((e) => e.kind === 'add' || e.kind === 'replace').length;
  const sensitive = entries.some((e) => e.fields.some((f) => f.sensitive) && e.kind !== 'refused');
  return (
    <section
      class="card import-review"
      role="dialog"
      aria-labelledby="import-review-title"
      aria-describedby="import-review-summary"
    >
      <h3 id="import-review-title" tabIndex={-1} ref={heading}>
        Review the import
      </h3>
      <p id="import-review-summary">
        {entries.length} provider(s) in the file: {changing} to add or change
        {refused > 0 ? `, ${refused} refused` : ''}.{' '}
        {sensitive &&
          'Highlighted fields decide where sign-ins and tokens go and which sites may use them: apply only a file you trust.'}
      </p>
      {review.brokerNote !== undefined && (
        <p class="muted" data-testid="import-broker-note">
          Latchkey checks each config when applying ({review.brokerNote.code}: the preview came from
          this page only).
        </p>
      )}
      {entries.map((entry) => (
        <ImportEntryView key={entry.index} entry={entry} />
      ))}
      {refused > 0 && (
        <p class="field-error" role="alert">
          Nothing is imported while an entry is refused: fix or remove it in the file.
        </p>
      )}
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={busy || refused > 0 || changing === 0}
          onClick={onApply}
        >
          Apply import
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function ImportEntryView({ entry }: { entry: ImportEntry }) {
  const name = entry.id ?? `entry ${entry.index + 1}`;
  return (
    <article
      class={`import-entry ${entry.kind}`}
      data-import-id={entry.id}
      data-kind={entry.kind}
      aria-label={`${TITLES[entry.kind]}: ${name}`}
    >
      <h4>
        {TITLES[entry.kind]}: <code>{name}</code>
      </h4>
      {entry.reason !== undefined && <p class="bad">{entry.reason}</p>}
      {entry.overridden && (
        <p class="warn">This id comes again later in the file: the later entry wins.</p>
      )}
      {entry.dropsSession && (
        <p class="warn">Its stored sign-in is dropped: sign in again after the import.</p>
      )}
      {entry.dropsGrants !== undefined && (
        <p class="warn">
          These sites lose their access and must ask again: {entry.dropsGrants.join(', ')}
        </p>
      )}
      {entry.consentOrigins !== undefined && (
        <p class="muted">Asked for consent on first use: {entry.consentOrigins.join(', ')}</p>
      )}
      {entry.fields.length > 0 && (
        <table class="import-fields">
          <caption class="visually-hidden">Fields of {name}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {entry.kind === 'replace' && <th scope="col">Now</th>}
              <th scope="col">{entry.kind === 'replace' ? 'After import' : 'Value'}</th>
            </tr>
          </thead>
          <tbody>
            {entry.fields.map((f) => (
              <FieldRow key={f.field} change={f} showBefore={entry.kind === 'replace'} />
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

function FieldRow({ change, showBefore }: { change: FieldChange; showBefore: boolean }) {
  return (
    <tr
      class={change.sensitive ? 'sensitive' : undefined}
      data-field={change.field}
      data-sensitive={change.sensitive ? 'true' : undefined}
    >
      <th scope="row">
        <code>{change.field}</code>
        {change.sensitive && <span class="badge bad">sensitive</span>}
      </th>
      {showBefore && (
        <td class="before">
          <code>{showValue(change.before)}</code>
        </td>
      )}
      <td class="after">
        <code>{change.after === undefined ? '(removed)' : showValue(change.after)}</code>
        {change.added !== undefined && change.added.length > 0 && (
          <div class="added">added: {change.added.join(', ')}</div>
        )}
        {change.removed !== undefined && change.removed.length > 0 && (
          <div class="removed">removed: {change.removed.join(', ')}</div>
        )}
      </td>
    </tr>
  );
}
