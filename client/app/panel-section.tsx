import { useEffect, useRef, type ReactNode } from 'react';

interface PanelSectionProps {
  /** Test ids `<id>-section` and `<id>-toggle`. */
  id: string;
  title: ReactNode;
  open: boolean;
  onToggle(): void;
  /** What the section shows while open. */
  children: ReactNode;
}

/**
 * A section of the panel that opens under its heading and, opened below others, scrolls itself into
 * view: on a phone's short drawer it would otherwise open off-screen.
 */
export function PanelSection({ id, title, open, onToggle, children }: PanelSectionProps) {
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (open) section.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [open]);
  return (
    <section ref={section} className="panel-section hotspot-section" data-testid={`${id}-section`} data-open={open}>
      <h3>
        <button type="button" className="section-toggle" aria-expanded={open} data-testid={`${id}-toggle`} onClick={onToggle}>
          <span aria-hidden="true" className="section-caret">
            ▸
          </span>
          {title}
        </button>
      </h3>
      {open && <div className="hotspot-body">{children}</div>}
    </section>
  );
}
