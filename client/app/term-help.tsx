import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useConfig } from '@client/api/queries';
import { useI18n } from '@client/i18n/i18n-provider';

/** The terms a user meets that want a word of explanation: each has `term.<key>` and `term.<key>.name`. */
export type Term = 'epdo' | 'gi' | 'p' | 'fdr' | 'eps' | 'yoy' | 'trend';

const GAP = 6;
const MAX_WIDTH = 300;

/**
 * A "?" beside a term that opens a short explanation of it: a tap on a phone, a click on a desk
 * (not a hover tooltip, which a finger cannot raise). Placed by the viewport, so a card's scrolling
 * does not clip it; Escape, a click elsewhere or the "?" again close it.
 */
export function TermHelp({ term }: { term: Term }) {
  const { t } = useI18n();
  const weights = useConfig().data?.epdoWeights;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const bubble = useRef<HTMLSpanElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    if (!open || !button.current) return;
    const b = button.current.getBoundingClientRect();
    const width = Math.min(MAX_WIDTH, window.innerWidth - 2 * GAP);
    const left = Math.max(GAP, Math.min(b.left + b.width / 2 - width / 2, window.innerWidth - width - GAP));
    const height = bubble.current?.offsetHeight ?? 0;
    const below = b.bottom + GAP;
    setAt({ left, top: below + height > window.innerHeight - GAP ? Math.max(GAP, b.top - GAP - height) : below });
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        // This Escape is the explanation's: the card under it stays open.
        e.stopPropagation();
        setOpen(false);
      } else if (!button.current?.contains(e.target as Node) && !bubble.current?.contains(e.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', close, true);
    document.addEventListener('pointerdown', close, true);
    return () => {
      document.removeEventListener('keydown', close, true);
      document.removeEventListener('pointerdown', close, true);
    };
  }, [open]);

  const name = t(`term.${term}.name`);
  const params = { fatal: weights?.fatal ?? 10, injury: weights?.injury ?? 5, pdo: weights?.pdo ?? 1 };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="term-help"
        data-testid={`term-${term}`}
        aria-expanded={open}
        aria-label={t('term.what', { name })}
        title={t('term.what', { name })}
        onClick={(e) => {
          // Inside a <label> or a row button, the "?" is not a click on them.
          e.preventDefault();
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        ?
      </button>
      {open && (
        <span
          ref={bubble}
          role="note"
          className="term-help-text"
          data-testid={`term-${term}-text`}
          style={{ left: at?.left ?? -9999, top: at?.top ?? 0, maxWidth: MAX_WIDTH }}
        >
          {t(`term.${term}`, params)}
        </span>
      )}
    </>
  );
}
