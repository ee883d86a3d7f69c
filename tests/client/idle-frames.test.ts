import { describe, expect, it } from 'vitest';
import { AWAKE_MS, IdleFrames, type FrameProvider } from '@client/map/idle-frames';

/** Frames by hand: `tick()` runs what was asked for before it, as a browser's next frame would. */
class HandFrames implements FrameProvider {
  private next = 1;
  readonly pending = new Map<number, FrameRequestCallback>();
  requestAnimationFrame(callback: FrameRequestCallback) {
    const id = this.next++;
    this.pending.set(id, callback);
    return id;
  }
  cancelAnimationFrame(id: number) {
    this.pending.delete(id);
  }
  tick(time = 0) {
    const due = [...this.pending];
    this.pending.clear();
    for (const [, callback] of due) callback(time);
  }
}

/** deck.gl's loop as it runs: each frame asks for the next one. */
function loop(frames: FrameProvider, onFrame: () => void = () => undefined) {
  let id = 0;
  const frame = () => {
    onFrame();
    id = frames.requestAnimationFrame(frame);
  };
  id = frames.requestAnimationFrame(frame);
  return { cancel: () => frames.cancelAnimationFrame(id) };
}

describe('IdleFrames: deck.gl’s loop sleeps while nothing happens on the map', () => {
  function setup(busy = () => false) {
    let now = 0;
    const hand = new HandFrames();
    const idle = new IdleFrames(busy, () => now, hand);
    let ran = 0;
    loop(idle, () => ran++);
    return { hand, idle, ran: () => ran, advance: (ms: number) => (now += ms) };
  }

  it('runs every frame while awake, then parks the next one', () => {
    const { hand, idle, ran, advance } = setup();
    for (let i = 0; i < 5; i++) hand.tick();
    expect(ran()).toBe(5);
    advance(AWAKE_MS);
    hand.tick(); // this frame runs, the one it asks for is parked
    expect(ran()).toBe(6);
    expect(idle.asleep).toBe(true);
    hand.tick();
    hand.tick();
    expect(ran()).toBe(6);
    expect(hand.pending.size).toBe(0);
  });

  it('a wake runs the parked frame and keeps the loop going for another second', () => {
    const { hand, idle, ran, advance } = setup();
    advance(AWAKE_MS);
    hand.tick();
    expect(idle.asleep).toBe(true);
    idle.wake();
    expect(idle.asleep).toBe(false);
    hand.tick();
    hand.tick();
    expect(ran()).toBe(3);
    advance(AWAKE_MS - 1);
    hand.tick();
    expect(ran()).toBe(4);
    advance(1);
    hand.tick();
    expect(idle.asleep).toBe(true);
  });

  it('stays awake while deck.gl still has something to draw', () => {
    let drawing = true;
    const { hand, idle, ran, advance } = setup(() => drawing);
    advance(10 * AWAKE_MS);
    for (let i = 0; i < 4; i++) hand.tick();
    expect(ran()).toBe(4);
    expect(idle.asleep).toBe(false);
    drawing = false;
    hand.tick();
    expect(idle.asleep).toBe(true);
  });

  it('a cancelled frame never runs, whether parked or asked of the browser', () => {
    let now = 0;
    const hand = new HandFrames();
    const idle = new IdleFrames(() => false, () => now, hand);
    let ran = 0;
    const asked = idle.requestAnimationFrame(() => ran++);
    idle.cancelAnimationFrame(asked);
    hand.tick();
    now += AWAKE_MS;
    const parked = idle.requestAnimationFrame(() => ran++);
    expect(idle.asleep).toBe(true);
    idle.cancelAnimationFrame(parked);
    idle.wake();
    hand.tick();
    expect(ran).toBe(0);
  });
});
