import type { FormField } from './provider-form.js';

export interface ConfigFieldProps {
  def: FormField;
  value: string;
  error?: string | undefined;
  onInput: (value: string) => void;
}

/**
 * One provider setting from core's field table: its label, its help (tied with
 * aria-describedby, like the validation message), and an input that suits its kind.
 */
export function ConfigField({ def, value, error, onInput }: ConfigFieldProps) {
  const { field, style, format } = def;
  const name = field.name;
  const helpId = `${name}-help`;
  const errorId = `${name}-error`;
  const describedBy = error !== undefined ? `${helpId} ${errorId}` : helpId;
  const inputId = `field-${name}`;
  const common = {
    id: inputId,
    name,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required === true ? true : undefined,
  };
  const read = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  let input;
  switch (style) {
    case 'checkbox':
      input = (
        <input
          type="checkbox"
          {...common}
          checked={value === 'true'}
          onChange={(e) => onInput((e.currentTarget as HTMLInputElement).checked ? 'true' : '')}
        />
      );
      break;
    case 'select':
      input = (
        <select {...common} value={value} onChange={(e) => onInput(read(e))}>
          <option value="">(default)</option>
          {(field.values ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
      break;
    case 'lines':
    case 'json':
      input = (
        <textarea
          rows={style === 'json' ? 4 : 3}
          spellcheck={false}
          {...common}
          value={value}
          onInput={(e) => onInput(read(e))}
        />
      );
      break;
    case 'number':
      input = (
        <input
          type="number"
          {...common}
          min={field.min}
          max={field.max}
          value={value}
          onInput={(e) => onInput(read(e))}
        />
      );
      break;
    default:
      input = (
        <input
          type="text"
          spellcheck={false}
          {...common}
          value={value}
          onInput={(e) => onInput(read(e))}
        />
      );
  }
  return (
    // The label names the input; help and error describe it (not part of its name).
    <div class={style === 'checkbox' ? 'field checkbox' : 'field'}>
      <span>
        <label for={inputId}>{field.label}</label>
        {field.required === true && <span aria-hidden="true"> *</span>}
      </span>
      {input}
      <span class="muted help" id={helpId}>
        {field.help}
        {format !== undefined && ` (${format})`}
      </span>
      {error !== undefined && (
        <span class="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
