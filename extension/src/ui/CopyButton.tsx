import { useState } from 'preact/hooks';
import { copyText } from './copy-text.js';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy redirect URI". */
  label: string;
}

export function CopyButton({ text, label }: CopyButtonProps) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const onClick = async () => {
    setCopied(await copyText(text));
    setTimeout(() => setCopied(undefined), 1500);
  };
  return (
    <button type="button" class="small" aria-label={label} onClick={onClick}>
      {copied === undefined ? 'Copy' : copied ? 'Copied' : 'Copy failed'}
    </button>
  );
}
