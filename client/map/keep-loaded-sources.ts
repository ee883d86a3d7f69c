import type { SourceSpecification, StyleSpecification } from 'maplibre-gl';

/**
 * A `transformStyle` for a diffed `setStyle`: keeps GeoJSON sources whose spec has not changed.
 *
 * MapLibre serialises a GeoJSON source loaded from a URL with the data the URL gave, not the URL,
 * so its diff of the current style against ours saw every such source as changed and fetched it
 * again: every layer switched on or off, and every change of language, downloaded the boundaries,
 * the roads and the place names anew. A source whose spec is the one applied last (`applied`) is
 * put back into the serialised style as that spec, so the diff finds it unchanged; a source whose
 * URL did change (an import bumps it, the minor roads come due) is still loaded again.
 *
 * `previous` is MapLibre's fresh serialisation for this one diff, so it is changed in place.
 */
export function keepLoadedSources(previous: StyleSpecification | undefined, next: StyleSpecification, applied: StyleSpecification | null): StyleSpecification {
  if (!previous?.sources || !applied) return next;
  for (const [id, spec] of Object.entries(next.sources)) {
    const before = previous.sources[id];
    const last = applied.sources[id];
    if (before?.type === 'geojson' && last && sameSpec(last, spec)) previous.sources[id] = spec;
  }
  return next;
}

function sameSpec(a: SourceSpecification, b: SourceSpecification): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
