import type { ReactNode } from 'react';

export type ControlProps = {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
};

type FieldProps = {
  id: string;
  label: ReactNode;
  /** The message under the control; absent when the value is fine. */
  error?: string | null;
  errorTestId?: string;
  hint?: ReactNode;
  optional?: boolean;
  /** Renders the input, wired to the label, hint and error. */
  control: (props: ControlProps) => ReactNode;
};

/** Label, control, hint and error, linked for screen readers. */
export function Field({ id, label, error, errorTestId, hint, optional, control }: FieldProps) {
  // The hint gives way to the error, so only what is on screen describes the control.
  const hintId = hint && !error ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional">Optional</span>}
      </label>
      {control({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error && (
        <p className="field-error" id={errorId} data-testid={errorTestId} role="alert">
          {error}
        </p>
      )}
      {hint && !error && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A form-level message for errors that belong to no single field. */
export function FormError({ message, testId = 'form-error' }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
