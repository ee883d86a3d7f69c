import type { ReactNode } from 'react';

/** A spinner and what is being waited for, announced to screen readers: 正在计算… */
export function Busy({ children }: { children: ReactNode }) {
  return (
    <div className="hotspot-status" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </div>
  );
}
