import { Component, type ComponentChildren } from 'preact';

export interface ItemBoundaryProps {
  /** What the item is, for the fallback: "request GET https://…", "provider dev". */
  label: string;
  /** The element the fallback is rendered as, to keep the list's markup valid. */
  as?: 'li' | 'div' | 'article' | 'tr';
  /** Columns to span when `as` is `tr`. */
  colSpan?: number;
  children: ComponentChildren;
}

interface State {
  error?: string;
}

/**
 * An error boundary around one item of a list: an item that throws while rendering (untrusted data
 * the guards did not foresee) is replaced by a short note, and the rest of the list, the page and
 * its timers go on. @see https://preactjs.com/guide/v10/components#componentdidcatch
 */
export class ItemBoundary extends Component<ItemBoundaryProps, State> {
  static override getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`Latchkey: could not show ${this.props.label}`, error);
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const { label, as = 'div', colSpan } = this.props;
    const note = (
      <>
        <strong>Could not show {label}.</strong> <span class="muted">{error}</span>
      </>
    );
    if (as === 'tr') {
      return (
        <tr class="item-error" role="alert">
          <td colSpan={colSpan}>{note}</td>
        </tr>
      );
    }
    const Tag = as;
    return (
      <Tag class="card item-error" role="alert" data-item-error={label}>
        {note}
      </Tag>
    );
  }
}
