import { MapLibreOverlay, type Layer } from 'deck.gl';
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { Bounds } from '@client/api/types';
import type { Camera } from '@client/app/map-query';
import type { Padding } from './screen-room';
import { sleepWhenIdle } from './idle-frames';
import { keepLoadedSources } from './keep-loaded-sources';
import { noteZoom } from './zoom-reached';
import { alsoRead, noteMapDrawn } from '@client/sw/register';

// MapLibre 6 looks for its worker next to its own module, which a bundle does not keep: point at
// the copy Vite emits as an asset (same origin, so it works offline).
maplibregl.setWorkerUrl(workerUrl);

/**
 * Makes MapLibre's workers (asks for their script) now, before the first map is made once the app's
 * config and session have come: on a slow link the map's base data, which the workers fetch,
 * starts ~1 s sooner. They stay for the next map (the dashboard and back). For a page that will
 * show the map; a page opened on the dashboard does not need them yet.
 */
export function warmMapWorkers(): void {
  maplibregl.prewarm();
}

/** Pixels around a click or tap that still hit a point: accidents are drawn a few pixels wide. */
const PICK_RADIUS = 5;

interface MapViewProps {
  bounds: Bounds;
  /** Room kept clear when fitting `bounds` at start, e.g. for a panel over the map. */
  fitPadding: maplibregl.PaddingOptions;
  /** Where the map opens instead of `bounds` (a link's `at`). */
  camera?: Camera | null;
  /** The map once made (for what works on the map itself, such as saving it as an image). */
  onMap?(map: maplibregl.Map | null): void;
  /** After the user moves the map, or it flies to a `focus`: where it now is. */
  onCameraChange?(camera: Camera): void;
  style: StyleSpecification;
  layers: Layer[];
  label: string;
  /** MapLibre's own words (controls, scale) in the UI's language: mapUiStrings(). */
  uiStrings: Record<string, string>;
  /** Clicks that hit no deck.gl object, e.g. to clear a selection. */
  onEmptyClick(): void;
  /** Each new object flies the map to its bounds, keeping `padding` clear (panels over the map). */
  focus?: MapFocus | null;
  /** While set, a click picks a place (lon, lat) instead of what is drawn there. */
  pickPoint?: ((lonLat: [number, number]) => void) | null;
}

export interface MapFocus {
  bounds: Bounds;
  padding: Padding;
  /** How far in a fit may zoom; 16 unless said (an intersection's sight triangles need closer). */
  maxZoom?: number;
}

/** Padding shrunk to leave at least a third of the map to fit into (a small window, a phone turned sideways). */
function fittingPadding(map: maplibregl.Map, p: Padding): Padding {
  const { clientWidth: w, clientHeight: h } = map.getContainer();
  const sx = Math.min(1, (w * 2) / 3 / Math.max(1, p.left + p.right));
  const sy = Math.min(1, (h * 2) / 3 / Math.max(1, p.top + p.bottom));
  return { left: p.left * sx, right: p.right * sx, top: p.top * sy, bottom: p.bottom * sy };
}

declare global {
  interface Window {
    /** For the browser tests' driver: the map and the deck.gl overlay. */
    __changan?: { map: maplibregl.Map; overlay: MapLibreOverlay };
  }
}

/**
 * The one component that owns MapLibre. deck.gl joins it as an interleaved overlay so its layers
 * sit inside MapLibre's layer stack (labels stay above accidents). Every imperative map call is here.
 *
 * The overlay is deck.gl's MapLibreOverlay (@deck.gl/maplibre, through the deck.gl package), not
 * @deck.gl/mapbox's MapboxOverlay: the latter reads `map.transform`, which MapLibre 6 no longer
 * exposes, and throws on every interleaved frame.
 */
/**
 * Takes deck.gl's own click handler off its event manager, once both exist (true then). There is
 * no option for it: a recognizer switched off in `eventRecognizerOptions` is switched on again by
 * the handler deck.gl adds.
 */
function stopDeckClicks(overlay: MapLibreOverlay): boolean {
  const deck = (overlay as unknown as { _deck?: { eventManager?: EventManagerLike | null; _onEvent?: unknown } })._deck;
  if (!deck?.eventManager || !deck._onEvent) return false;
  deck.eventManager.off('click', deck._onEvent);
  return true;
}

interface EventManagerLike {
  off(event: string, handler: unknown): void;
}

/** Marks the moves the app makes on purpose (a focus), so that they are kept like the user's own. */
const FOCUS_MOVE = { changanFocus: true };

const controls = new WeakMap<maplibregl.Map, maplibregl.IControl[]>();

/** Zoom buttons, the scale and the sources, in the map's current words (made again on a new language). */
function addControls(map: maplibregl.Map) {
  for (const c of controls.get(map) ?? []) map.removeControl(c);
  const made: [maplibregl.IControl, maplibregl.ControlPosition][] = [
    [new maplibregl.NavigationControl({ showCompass: false }), 'top-right'],
    // A bottom control goes above the ones before it: the sources at the bottom, the scale above.
    [new maplibregl.AttributionControl({ compact: true }), 'bottom-right'],
    [new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right'],
  ];
  for (const [c, at] of made) map.addControl(c, at);
  controls.set(map, made.map(([c]) => c));
}

export function MapView({ bounds, fitPadding, camera = null, onCameraChange, onMap, style, layers, label, uiStrings, onEmptyClick, focus = null, pickPoint = null }: MapViewProps) {
  const cameraChange = useRef(onCameraChange);
  cameraChange.current = onCameraChange;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapLibreOverlay | null>(null);
  const emptyClick = useRef(onEmptyClick);
  emptyClick.current = onEmptyClick;
  const pick = useRef(pickPoint);
  pick.current = pickPoint;
  const [state, setState] = useState<'loading' | 'ready'>('loading');
  const appliedStyle = useRef(style);
  const latestStyle = useRef(style);
  latestStyle.current = style;
  const styleLoaded = useRef(false);
  /** Diffs the style onto the map, keeping the GeoJSON sources whose spec is unchanged (not fetched again). */
  const applyStyle = (map: maplibregl.Map, next: StyleSpecification) => {
    const applied = appliedStyle.current;
    appliedStyle.current = next;
    map.setStyle(next, { diff: true, transformStyle: (previous, incoming) => keepLoadedSources(previous, incoming, applied) });
  };
  const latestLayers = useRef(layers);
  latestLayers.current = layers;

  useEffect(() => {
    const map = new maplibregl.Map({
      container: container.current!,
      style,
      ...(camera
        ? { center: camera.center, zoom: camera.zoom }
        : {
            bounds: [
              [bounds[0], bounds[1]],
              [bounds[2], bounds[3]],
            ] as [[number, number], [number, number]],
            fitBoundsOptions: { padding: fitPadding },
          }),
      // No glyphs URL in the style: every glyph (CJK and Latin) comes from the text-font stack.
      localIdeographFontFamily: false,
      locale: uiStrings,
      // Added below with the other controls, so that a change of language can make them again.
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 0,
    });
    map.touchZoomRotate.disableRotation();
    map.keyboard.disableRotation();
    addControls(map);

    // Clicks go through MapLibre and one pick with a finger-sized radius, and only through it.
    // Interleaved, deck.gl listens on the canvas itself (not through MapLibre's events) and answers
    // a click from the pick it made at pointer-down; with both paths, one click could select a
    // hotspot on one and clear it on the other. Its click handler is taken off once it has one;
    // hover still goes through deck.gl.
    //
    // No `onLoad` for the overlay: deck.gl wraps the one it is given to start following the map's
    // moves, and the overlay's setProps (the layers, from the first render on) passes its own props
    // again, the bare `onLoad` with them, so the wrapper was replaced before deck.gl loaded. Its
    // view then stayed where the map opened, and every pick after a move (a click on a crash, a
    // cluster) was made on that first view. The click handler is taken off at a frame instead.
    const overlay: MapLibreOverlay = new MapLibreOverlay({ interleaved: true, layers });
    map.addControl(overlay);
    const idle = sleepWhenIdle(overlay, map);
    const stopClicks = () => {
      if (stopDeckClicks(overlay)) map.off('render', stopClicks);
    };
    map.on('render', stopClicks);
    map.on('click', (event) => {
      if (pick.current) return pick.current([event.lngLat.lng, event.lngLat.lat]);
      const info = overlay.pickObject({ x: event.point.x, y: event.point.y, radius: PICK_RADIUS });
      if (info?.layer?.props.onClick) info.layer.props.onClick(info, event as never);
      else emptyClick.current();
    });
    // Only the user's moves and the app's flights are a view worth keeping; a resize is not. A
    // wheel zoom starts and ends without its event: the wheel itself marks it.
    type MoveEvent = { originalEvent?: unknown; changanFocus?: boolean };
    const kept = (e: MoveEvent) => !!e.originalEvent || !!e.changanFocus;
    let keptMove = false;
    map.on('wheel', () => {
      keptMove = true;
    });
    map.on('movestart', (e: MoveEvent) => {
      keptMove ||= kept(e);
    });
    map.on('moveend', (e: MoveEvent) => {
      if (!keptMove && !kept(e)) return;
      keptMove = false;
      const c = map.getCenter();
      cameraChange.current?.({ center: [c.lng, c.lat], zoom: map.getZoom() });
    });
    map.once('load', () => {
      noteZoom(map.getZoom());
      noteMapDrawn();
      setState('ready');
    });
    map.on('zoomend', () => noteZoom(map.getZoom()));
    map.once('style.load', () => {
      styleLoaded.current = true;
      if (latestStyle.current !== appliedStyle.current) applyStyle(map, latestStyle.current);
    });

    mapRef.current = map;
    overlayRef.current = overlay;
    window.__changan = { map, overlay };
    onMap?.(map);
    // The GeoJSON sources' URLs, read in MapLibre's worker: for the service worker to keep offline.
    const sourceUrls = () =>
      Object.values(latestStyle.current.sources).flatMap((source) => (source.type === 'geojson' && typeof source.data === 'string' ? [source.data] : []));
    alsoRead.add(sourceUrls);
    return () => {
      alsoRead.delete(sourceUrls);
      idle.stop();
      onMap?.(null);
      delete window.__changan;
      overlayRef.current = null;
      mapRef.current = null;
      map.remove();
    };
    // The map is created once; later changes of style, layers and bounds go through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A new language: MapLibre reads its words when a control is added, so the controls are made again.
  const appliedStrings = useRef(uiStrings);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || appliedStrings.current === uiStrings) return;
    appliedStrings.current = uiStrings;
    Object.assign((map as unknown as { _locale: Record<string, string> })._locale, uiStrings);
    map.getCanvas().setAttribute('aria-label', uiStrings['Map.Title']);
    addControls(map);
  }, [uiStrings]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || appliedStyle.current === style) return;
    // A diff needs the style document loaded ('style.load'), not its sources; until then the
    // 'style.load' handler applies the newest style.
    if (styleLoaded.current) applyStyle(map, style);
  }, [style]);

  useEffect(() => {
    const map = mapRef.current;
    const overlay = overlayRef.current;
    if (!map || !overlay) return;
    overlay.setProps({ layers });
    // The overlay slots its layers into MapLibre's stack only once the style and all its sources
    // have loaded; before that it draws them above everything, labels included. Ask again then.
    if (!map.isStyleLoaded()) {
      const retry = () => {
        if (!map.isStyleLoaded()) return;
        map.off('sourcedata', retry);
        overlay.setProps({ layers: latestLayers.current });
      };
      map.on('sourcedata', retry);
      return () => void map.off('sourcedata', retry);
    }
  }, [layers]);

  // While picking (an obstacle's corners, a hazard's place), two quick taps close together are two
  // points: as a double tap MapLibre would zoom in and the second point would be lost. And a click
  // is only the point: deck.gl, which hears the map's clicks too, picks nothing, so a hazard or a
  // light drawn where the user clicks does not open its card (and end the picking).
  const picking = !!pickPoint;
  useEffect(() => {
    const zoom = mapRef.current?.doubleClickZoom;
    if (picking) zoom?.disable();
    else zoom?.enable();
    overlayRef.current?.setProps({ _pickable: !picking });
  }, [picking]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focus) return;
    const [w, s, e, n] = focus.bounds;
    const still = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: fittingPadding(map, focus.padding), maxZoom: focus.maxZoom ?? 16, duration: still ? 0 : 900 },
      FOCUS_MOVE,
    );
  }, [focus]);

  return (
    <div
      ref={container}
      className="map-view"
      role="region"
      aria-label={label}
      data-testid="map"
      data-state={state}
      data-picking={pickPoint !== null}
    />
  );
}
