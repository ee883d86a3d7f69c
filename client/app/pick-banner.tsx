import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';

interface PickBannerProps {
  /** What to click for; "click the place of the hazard" unless said. */
  prompt?: string;
  /** Why the last place picked was not taken (outside the user's jurisdiction), shown until the next pick. */
  refusal?: string | null;
  onPicked(lonLat: [number, number]): void;
  onCancel(): void;
}

/** What to say for each way the position can fail (GeolocationPositionError's codes), with what to do. */
const LOCATION_FAILURES: Record<number, 'register.locationDenied' | 'register.locationUnavailable' | 'register.locationTimeout'> = {
  1: 'register.locationDenied',
  2: 'register.locationUnavailable',
  3: 'register.locationTimeout',
};

/** While picking a place: "click the map", or take the device's position (WGS84, as the API expects by default). */
export function PickBanner({ prompt, refusal, onPicked, onCancel }: PickBannerProps) {
  const { t } = useI18n();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const locate = () => {
    setFailure(null);
    // Over plain http (a phone on the LAN) the browser refuses in English; say why, and what to do, first.
    if (!window.isSecureContext) {
      setFailure(t('register.locationInsecure'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onPicked([position.coords.longitude, position.coords.latitude]);
      },
      (error) => {
        setLocating(false);
        setFailure(t(LOCATION_FAILURES[error.code] ?? 'register.locationError', { message: error.message }));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  return (
    <div className="pick-banner" role="status" data-testid="pick-banner">
      <span>{prompt ?? t('register.pick')}</span>
      {'geolocation' in navigator && (
        <button type="button" className="button button-small" data-testid="pick-my-location" disabled={locating} onClick={locate}>
          {locating ? t('register.locating') : t('register.myLocation')}
        </button>
      )}
      <button type="button" className="link-button" onClick={onCancel}>
        {t('hazard.cancel')}
      </button>
      {failure && (
        <p className="form-error" data-testid="pick-location-error">
          {failure}
        </p>
      )}
      {refusal && !failure && (
        <p className="form-error" data-testid="pick-refused" role="alert">
          {refusal}
        </p>
      )}
    </div>
  );
}
