import { useId } from 'react';
import { TermHelp, type Term } from '@client/app/term-help';
import { NUMERIC_PARAMS, type NumericParam } from './hotspot-params';

const SLIDER_STEPS = 1000;

/** Round numbers on a log slider: 7, 35, 120, 1450 rather than 7.3, 34.8, 118.6. */
function nice(value: number): number {
  if (value >= 1000) return Math.round(value / 50) * 50;
  if (value >= 200) return Math.round(value / 10) * 10;
  if (value >= 50) return Math.round(value / 5) * 5;
  return Math.round(value);
}

function toSlider(name: NumericParam, value: number): number {
  const { min, max, slider } = NUMERIC_PARAMS[name];
  const v = Math.min(max, Math.max(min, value));
  const t = slider === 'log' ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min);
  return Math.round(t * SLIDER_STEPS);
}

function fromSlider(name: NumericParam, position: number): number {
  const { min, max, slider } = NUMERIC_PARAMS[name];
  const t = position / SLIDER_STEPS;
  const v = slider === 'log' ? min * Math.pow(max / min, t) : min + t * (max - min);
  return Math.min(max, Math.max(min, nice(v)));
}

interface ParamFieldProps {
  name: NumericParam;
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  hint?: string;
  /** The API's reason when it rejected this parameter. */
  error?: string | null;
  /** A term whose explanation sits beside the label. */
  help?: Term;
}

/** A number field (and a slider where the range is wide) for one analysis parameter. */
export function ParamField({ name, label, value, onChange, placeholder, hint, error, help }: ParamFieldProps) {
  const id = useId();
  const spec = NUMERIC_PARAMS[name];
  const numeric = Number(value);
  const hasNumber = value.trim() !== '' && Number.isFinite(numeric);
  return (
    <div className="param-field" data-testid={`param-${name}`} data-invalid={Boolean(error)}>
      <label htmlFor={id} className="param-label">
        {label}
        {help && <TermHelp term={help} />}
      </label>
      <div className="param-inputs">
        {spec.slider && (
          <input
            type="range"
            aria-label={label}
            data-testid={`param-${name}-slider`}
            min={0}
            max={SLIDER_STEPS}
            value={toSlider(name, hasNumber ? numeric : spec.min)}
            onChange={(e) => onChange(String(fromSlider(name, Number(e.target.value))))}
          />
        )}
        <input
          id={id}
          type="number"
          inputMode="numeric"
          data-testid={`param-${name}-input`}
          min={spec.min}
          max={spec.max}
          step={1}
          placeholder={placeholder}
          value={value}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      {error ? (
        <p className="param-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : (
        hint && (
          <p className="param-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
