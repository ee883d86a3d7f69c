/** What the user has picked on the map. More kinds (hotspot, hazard) join as they arrive. */
export type Selection = { kind: 'none' } | { kind: 'accident'; id: number };

export const NO_SELECTION: Selection = { kind: 'none' };
