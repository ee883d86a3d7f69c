import { useCallback, useMemo, useState } from 'react';

/** 「添加遮挡物」: clicking the outline's vertices on the map, then the form for what it is. */
export type DrawStep =
  | { kind: 'none' }
  | { kind: 'drawing'; vertices: [number, number][] }
  | { kind: 'form'; vertices: [number, number][] };

const NONE: DrawStep = { kind: 'none' };
const NO_VERTICES: [number, number][] = [];

/** The drawing mode's state; `addVertex` is what a map click does while drawing. */
export function useObstacleDraw() {
  const [step, setStep] = useState<DrawStep>(NONE);
  const start = useCallback(() => setStep({ kind: 'drawing', vertices: [] }), []);
  const stop = useCallback(() => setStep(NONE), []);
  const addVertex = useCallback(
    (lonLat: [number, number]) => setStep((s) => (s.kind === 'drawing' ? { kind: 'drawing', vertices: [...s.vertices, lonLat] } : s)),
    [],
  );
  const undo = useCallback(() => setStep((s) => (s.kind === 'drawing' ? { kind: 'drawing', vertices: s.vertices.slice(0, -1) } : s)), []);
  const finish = useCallback(() => setStep((s) => (s.kind === 'drawing' && s.vertices.length >= 3 ? { kind: 'form', vertices: s.vertices } : s)), []);
  const draft = step.kind === 'none' ? NO_VERTICES : step.vertices;
  return useMemo(() => ({ step, draft, start, stop, addVertex, undo, finish }), [step, draft, start, stop, addVertex, undo, finish]);
}

export type ObstacleDraw = ReturnType<typeof useObstacleDraw>;
