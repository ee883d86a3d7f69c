import type { MapLibreOverlay } from 'deck.gl';
import type * as maplibregl from 'maplibre-gl';

/** What luma.gl's AnimationLoop asks its frames of (`animationFrameProvider`). */
export interface FrameProvider {
  requestAnimationFrame(callback: FrameRequestCallback): number;
  cancelAnimationFrame(id: number): void;
}

/** How long deck.gl's loop keeps running after something happened on the map. */
export const AWAKE_MS = 1000;

/**
 * Frames for deck.gl's animation loop that stop while nothing happens. The loop asks for a frame
 * 60 times a second for as long as the page is open, only to find nothing to draw (deck.gl issue
 * #6961): measured in Chromium, an idle map page kept about 9 % of a core busy (0.9 CPU-s in 10 s;
 * 0.02 with the loop asleep), a phone's battery with it, and every browser test with it.
 *
 * A frame asked for is given while the loop is awake (for `AWAKE_MS` after `wake`) or while
 * `busy()` says deck.gl still has something to draw; otherwise it waits, parked, for the next
 * `wake`. Wakes come from what can change deck.gl's picture or its picking: a pointer or key on
 * the map, a frame of the map, new props (`sleepWhenIdle`).
 */
export class IdleFrames implements FrameProvider {
  private nextId = 1;
  private readonly parked = new Map<number, FrameRequestCallback>();
  private readonly scheduled = new Map<number, number>();
  private awakeUntil: number;

  constructor(
    private readonly busy: () => boolean,
    private readonly clock: () => number = () => performance.now(),
    private readonly frames: FrameProvider = window,
  ) {
    this.awakeUntil = clock() + AWAKE_MS;
  }

  requestAnimationFrame = (callback: FrameRequestCallback): number => {
    const id = this.nextId++;
    if (this.clock() < this.awakeUntil || this.busy()) this.schedule(id, callback);
    else this.parked.set(id, callback);
    return id;
  };

  cancelAnimationFrame = (id: number): void => {
    this.parked.delete(id);
    const frame = this.scheduled.get(id);
    if (frame === undefined) return;
    this.frames.cancelAnimationFrame(frame);
    this.scheduled.delete(id);
  };

  wake = (): void => {
    this.awakeUntil = this.clock() + AWAKE_MS;
    for (const [id, callback] of this.parked) {
      this.parked.delete(id);
      this.schedule(id, callback);
    }
  };

  /** Frames parked, waiting for a wake (for tests). */
  get asleep(): boolean {
    return this.parked.size > 0;
  }

  private schedule(id: number, callback: FrameRequestCallback) {
    this.scheduled.set(
      id,
      this.frames.requestAnimationFrame((time) => {
        this.scheduled.delete(id);
        callback(time);
      }),
    );
  }
}

/** The parts of the overlay's Deck used here: its loop is protected in deck.gl's types, public at run time. */
interface OverlayDeck {
  needsRedraw(opts: { clearRedrawFlags: boolean }): false | string;
  animationLoop?: { setProps(props: { animationFrameProvider: FrameProvider }): unknown } | null;
}

const WAKING_EVENTS = ['pointerdown', 'pointermove', 'pointerup', 'pointerleave', 'wheel', 'touchstart', 'keydown'] as const;

/**
 * Puts the overlay's deck.gl loop on `IdleFrames`, woken by a pointer or key on the map, a frame of
 * the map (a move draws one) and any `setProps` of the overlay (new layers, picking switched): the
 * overlay's own `setProps` is wrapped while this lasts. The deck is the overlay's own (not public in
 * its types); if a deck.gl upgrade moves it, nothing changes but that the loop runs as before.
 * Returns `stop` (before the map is removed).
 */
export function sleepWhenIdle(overlay: MapLibreOverlay, map: maplibregl.Map): { stop(): void } {
  const deck = (overlay as unknown as { _deck?: OverlayDeck })._deck;
  const loop = deck?.animationLoop;
  if (!deck || !loop) return { stop: () => undefined };
  const frames = new IdleFrames(() => !!deck.needsRedraw({ clearRedrawFlags: false }));
  loop.setProps({ animationFrameProvider: frames });
  const container = map.getContainer();
  for (const type of WAKING_EVENTS) container.addEventListener(type, frames.wake, { capture: true, passive: true });
  map.on('render', frames.wake);
  const setProps = overlay.setProps;
  overlay.setProps = (props) => {
    setProps.call(overlay, props);
    frames.wake();
  };
  return {
    stop: () => {
      for (const type of WAKING_EVENTS) container.removeEventListener(type, frames.wake, { capture: true });
      map.off('render', frames.wake);
      overlay.setProps = setProps;
    },
  };
}
