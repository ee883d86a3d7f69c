import type { Translate } from '@client/i18n/locale';

/**
 * MapLibre's own words (its controls' titles, the scale's units, the canvas's name) in the UI's
 * language, by MapLibre's locale keys; the rest keep MapLibre's defaults.
 */
export function mapUiStrings(t: Translate): Record<string, string> {
  return {
    'NavigationControl.ZoomIn': t('map.ui.zoomIn'),
    'NavigationControl.ZoomOut': t('map.ui.zoomOut'),
    'NavigationControl.ResetBearing': t('map.ui.resetBearing'),
    'ScaleControl.Meters': t('map.ui.metres'),
    'ScaleControl.Kilometers': t('map.ui.kilometres'),
    'AttributionControl.ToggleAttribution': t('map.ui.attribution'),
    'GeolocateControl.FindMyLocation': t('map.ui.findMe'),
    'GeolocateControl.LocationNotAvailable': t('map.ui.noLocation'),
    'Map.Title': t('map.label'),
    'Popup.Close': t('details.close'),
    'CooperativeGesturesHandler.MobileHelpText': t('map.ui.twoFingers'),
  };
}
