/** The layout the map screen switches at: below this width the panel is a drawer and cards are bottom sheets. */
export const isPhone = () => globalThis.matchMedia?.('(max-width: 720px)').matches ?? false;

export type Padding = { top: number; bottom: number; left: number; right: number };

/** Room to keep clear when flying to what a details card shows: the panel (desk, left) and the card (right, or a bottom sheet on a phone). */
export function cardPadding(): Padding {
  return isPhone()
    ? { top: 110, bottom: Math.round(window.innerHeight * 0.6) + 16, left: 24, right: 24 }
    : { top: 48, bottom: 64, left: 348, right: 392 };
}

/** Room to keep clear beside a wide list on the left (desk) and a drawer on the right. */
export function widePanelPadding(): Padding {
  return isPhone()
    ? { top: 110, bottom: Math.round(window.innerHeight * 0.6) + 16, left: 24, right: 24 }
    : { top: 48, bottom: 64, left: 620, right: 420 };
}

/** Room to keep clear when showing an area on its own: the panel on a desk; on a phone only the header and the controls (no sheet is open). */
export function areaPadding(): Padding {
  return isPhone() ? { top: 110, bottom: 90, left: 24, right: 24 } : { top: 48, bottom: 64, left: 348, right: 64 };
}
