export interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  onInput: (value: string) => void;
}

/** A labelled input with its validation message tied to it (aria-describedby). */
export function TextField(props: TextFieldProps) {
  const { label, name, value, error, multiline, placeholder, hint, onInput } = props;
  const errorId = `${name}-error`;
  const common = {
    name,
    value,
    placeholder,
    'aria-invalid': error !== undefined,
    'aria-describedby': error !== undefined ? errorId : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <label class="field">
      <span>
        {label}
        {hint !== undefined && <span class="muted"> — {hint}</span>}
      </span>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {error !== undefined && (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      )}
    </label>
  );
}
