import { Model } from '@luma.gl/engine';
import { ScatterplotLayer } from 'deck.gl';

/**
 * ScatterplotLayer's dots drawn as one point sprite per row (`gl.POINTS`, one vertex each) instead
 * of one instanced quad per row. Same props, attributes, filters (DataFilterExtension), picking and
 * highlight (a row's picking colour from its vertex, not its instance); the disc, its outline and
 * its soft edge are cut out of the sprite in the fragment shader. Billboard dots only.
 *
 * Why: with no GPU, Chromium draws WebGL in SwiftShader on the CPU, where every instance of an
 * instanced draw is paid for on its own. Measured there (a desk map, 20 000 crashes), the
 * ScatterplotLayer cost ~14 µs per row: ~290 ms of a ~400 ms frame, every frame while loading,
 * panning or zooming. A thin client, a virtual desktop, an old office PC and the browser tests all
 * draw this way. As points the rows go through in one batch.
 *
 * What points cannot do, and the map does not need: pitch (the map is kept flat, maxPitch 0), and a
 * dot wider than the GPU's point size limit (ALIASED_POINT_SIZE_RANGE), to which it is clamped; the
 * widest dot here, 16 px in radius at a phone's 3× density, is ~100 device px, and SwiftShader
 * allows 1 024. A point whose centre leaves the view is dropped whole, so a dot at the very edge
 * of the map goes a little before its edge does.
 */
export class DotLayer<D = unknown, ExtraProps extends {} = {}> extends ScatterplotLayer<D, ExtraProps> {
  static override layerName = 'DotLayer';

  override getShaders() {
    return { ...super.getShaders(), vs: DOT_VS, fs: DOT_FS };
  }

  override initializeState() {
    super.initializeState();
    // Every attribute steps per vertex: a row is one vertex.
    for (const attribute of Object.values(this.getAttributeManager()!.getAttributes())) {
      if (attribute.settings.stepMode === 'instance') attribute.settings.stepMode = 'vertex';
    }
  }

  override _getModel() {
    return new Model(this.context.device, {
      ...this.getShaders(),
      id: this.props.id,
      bufferLayout: this.getAttributeManager()!.getBufferLayouts({ isInstanced: false }),
      topology: 'point-list',
      isInstanced: false,
      vertexCount: 0,
    });
  }

  override draw(params: Parameters<ScatterplotLayer<D, ExtraProps>['draw']>[0]) {
    (this.state.model as Model).setVertexCount(this.getNumInstances());
    super.draw(params);
  }
}

// A row's disc: its radius and outline in CSS pixels (the props' units and limits, as ScatterplotLayer
// reads them), the sprite half a pixel wider for the soft edge.
const DOT_VS = /* glsl */ `\
#version 300 es
#define SHADER_NAME dot-layer-vertex-shader
in vec3 instancePositions;
in vec3 instancePositions64Low;
in float instanceRadius;
in float instanceLineWidths;
in vec4 instanceFillColors;
in vec4 instanceLineColors;
out vec4 vFillColor;
out vec4 vLineColor;
out float vRadius;
out float vLineWidth;
out float vHalfSprite;
void main(void) {
  geometry.worldPosition = instancePositions;
  geometry.pickingColor = picking_getPickingColorFromIndex(float(gl_VertexID));
  float radius = clamp(project_size_to_pixel(scatterplot.radiusScale * instanceRadius, scatterplot.radiusUnits),
                       scatterplot.radiusMinPixels, scatterplot.radiusMaxPixels);
  float lineWidth = scatterplot.stroked * clamp(project_size_to_pixel(scatterplot.lineWidthScale * instanceLineWidths, scatterplot.lineWidthUnits),
                                                scatterplot.lineWidthMinPixels, scatterplot.lineWidthMaxPixels);
  // The outline is centred on the disc's edge.
  vRadius = radius + lineWidth / 2.0;
  vLineWidth = lineWidth;
  gl_Position = project_position_to_clipspace(instancePositions, instancePositions64Low, vec3(0.0), geometry.position);
  DECKGL_FILTER_GL_POSITION(gl_Position, geometry);
  vec3 halfSprite = vec3(vRadius + SMOOTH_EDGE_RADIUS);
  DECKGL_FILTER_SIZE(halfSprite, geometry);
  vHalfSprite = halfSprite.x;
  gl_PointSize = 2.0 * halfSprite.x * project.devicePixelRatio;
  vFillColor = vec4(instanceFillColors.rgb, instanceFillColors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vFillColor, geometry);
  vLineColor = vec4(instanceLineColors.rgb, instanceLineColors.a * layer.opacity);
  DECKGL_FILTER_COLOR(vLineColor, geometry);
}
`;

// The disc cut out of the sprite with a soft edge; the outline's ring mixed in from its inner edge.
const DOT_FS = /* glsl */ `\
#version 300 es
#define SHADER_NAME dot-layer-fragment-shader
precision highp float;
in vec4 vFillColor;
in vec4 vLineColor;
in float vRadius;
in float vLineWidth;
in float vHalfSprite;
out vec4 fragColor;
void main(void) {
  vec2 fromCentre = (gl_PointCoord * 2.0 - 1.0) * vHalfSprite;
  geometry.uv = fromCentre / vRadius;
  float r = length(fromCentre);
  float inside = 1.0 - smoothedge(vRadius, r);
  if (inside == 0.0) discard;
  float ring = vLineWidth > 0.0 ? smoothedge(vRadius - vLineWidth, r) : 0.0;
  fragColor = scatterplot.filled > 0.5 ? mix(vFillColor, vLineColor, ring) : vec4(vLineColor.rgb, vLineColor.a * ring);
  fragColor.a *= inside;
  DECKGL_FILTER_COLOR(fragColor, geometry);
}
`;
