import type { Ref } from 'react';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';

/** The optional multi-line notes field the person and tie forms share. */
export function NotesField({
  id,
  testPrefix,
  error,
  value,
  onChange,
  inputRef,
}: {
  id: string;
  /** `person` gives `person-notes-input` and `person-error-notes`. */
  testPrefix: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  inputRef: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Field
      id={id}
      label="Notes"
      optional
      error={error}
      errorTestId={`${testPrefix}-error-notes`}
      control={(a11y) => (
        <textarea
          {...a11y}
          ref={inputRef}
          className="input textarea"
          rows={2}
          data-testid={`${testPrefix}-notes-input`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    />
  );
}

/** A form's error for no single field, then Cancel and the submit button. */
export function FormFooter({
  testPrefix,
  formError,
  pending,
  onCancel,
  submitLabel,
}: {
  /** `person` gives `person-form-error`, `person-cancel`, `person-submit`. */
  testPrefix: string;
  formError: string | null;
  pending: boolean;
  onCancel: () => void;
  submitLabel: string;
}) {
  return (
    <>
      <FormError message={formError} testId={`${testPrefix}-form-error`} />
      <div className="form-actions">
        <Button data-testid={`${testPrefix}-cancel`} disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" data-testid={`${testPrefix}-submit`} pending={pending} pendingLabel="Saving…">
          {submitLabel}
        </Button>
      </div>
    </>
  );
}
