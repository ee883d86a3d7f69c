import type { ReactNode } from 'react';

interface FormFieldProps {
  label: string;
  /** The API's reason when it rejected this field. */
  error?: string | null;
  hint?: string;
  testId?: string;
  children: ReactNode;
}

/** A labelled input with its hint and, after a rejected write, the API's reason beside it. */
export function FormField({ label, error, hint, testId, children }: FormFieldProps) {
  return (
    <label className="field" data-testid={testId} data-invalid={!!error}>
      <span>{label}</span>
      {children}
      {hint && <small className="param-hint">{hint}</small>}
      {error && (
        <small className="param-error" role="alert">
          {error}
        </small>
      )}
    </label>
  );
}
