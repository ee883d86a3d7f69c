import { useI18n } from '@client/i18n/i18n-provider';
import { SEVERITIES, SEVERITY_COLOR, cssColor, type Severity } from './severity';

interface SeverityFilterProps {
  value: readonly Severity[];
  onChange(value: Severity[]): void;
}

export function SeverityFilter({ value, onChange }: SeverityFilterProps) {
  const { t } = useI18n();
  const toggle = (severity: Severity, on: boolean) =>
    onChange(SEVERITIES.filter((s) => (s === severity ? on : value.includes(s))));
  return (
    <div className="severity-filter">
      {SEVERITIES.map((severity) => (
        <label key={severity} className="check">
          <input
            type="checkbox"
            data-testid={`severity-${severity}`}
            checked={value.includes(severity)}
            onChange={(e) => toggle(severity, e.target.checked)}
          />
          <span className="swatch" style={{ background: cssColor(SEVERITY_COLOR[severity]) }} aria-hidden="true" />
          <span>{t(`severity.${severity}`)}</span>
        </label>
      ))}
    </div>
  );
}
