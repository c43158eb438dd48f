import type { ErrorView } from './error-view.js';

export interface ErrorNoteProps {
  error: ErrorView | undefined;
}

/** An error with its code, announced to assistive technology. */
export function ErrorNote({ error }: ErrorNoteProps) {
  if (error === undefined) return null;
  return (
    <p class="error" role="alert">
      <code>{error.code}</code> {error.message}
    </p>
  );
}
