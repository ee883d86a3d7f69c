import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useEscape } from './use-escape';
import { CardHeader } from './card-header';

interface DialogProps {
  title: string;
  onClose(): void;
  testId: string;
  children: ReactNode;
}

/** A modal card over the whole app (on the page's body, above every panel and sheet); Escape or the backdrop closes it. */
export function Dialog({ title, onClose, testId, children }: DialogProps) {
  useEscape(onClose);
  return createPortal(
    <div className="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <section className="dialog" role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <CardHeader title={title} onClose={onClose} />
        {children}
      </section>
    </div>,
    document.body,
  );
}
