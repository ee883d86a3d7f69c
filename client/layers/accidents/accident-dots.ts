/** How a crash is drawn: a disc of 40 m radius, no less than 2.6 px and no more than 16, a thin white rim (the accidents layer's, and the first-load bench's floor page's: a module of its own, so that the floor takes nothing else of the layer). */
export const ACCIDENT_DOTS = {
  radiusUnits: 'meters',
  getRadius: 40,
  radiusMinPixels: 2.6,
  radiusMaxPixels: 16,
  stroked: true,
  lineWidthUnits: 'pixels',
  getLineWidth: 0.6,
  getLineColor: [255, 255, 255, 200],
} as const;
