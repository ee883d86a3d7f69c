import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';

interface PickBannerProps {
  /** What to click for; "click the place of the hazard" unless said. */
  prompt?: string;
  onPicked(lonLat: [number, number]): void;
  onCancel(): void;
}

/** While picking a place: "click the map", or take the device's position (WGS84, as the API expects by default). */
export function PickBanner({ prompt, onPicked, onCancel }: PickBannerProps) {
  const { t } = useI18n();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const locate = () => {
    setLocating(true);
    setFailure(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onPicked([position.coords.longitude, position.coords.latitude]);
      },
      (error) => {
        setLocating(false);
        setFailure(t('register.locationError', { message: error.message }));
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
      {failure && <p className="form-error">{failure}</p>}
    </div>
  );
}
