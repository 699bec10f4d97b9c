import { useState } from 'react';
import type { Ref } from 'react';
import { EyeIcon, EyeOffIcon } from './icons';
import type { ControlProps } from './Field';

type SecretInputProps = ControlProps & {
  ref?: Ref<HTMLInputElement>;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  autoComplete: 'new-password' | 'current-password';
  disabled?: boolean;
  autoFocus?: boolean;
};

/** A password field with a show/hide toggle. */
export function SecretInput({ ref, testId, onChange, ...props }: SecretInputProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="secret-input">
      <input
        {...props}
        ref={ref}
        className="input"
        data-testid={testId}
        type={visible ? 'text' : 'password'}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        onChange={(event) => onChange(event.target.value)}
      />
      <button
        type="button"
        className="secret-toggle"
        aria-label={visible ? 'Hide' : 'Show'}
        aria-pressed={visible}
        aria-controls={props.id}
        title={visible ? 'Hide' : 'Show'}
        onClick={() => setVisible((v) => !v)}
      >
        {visible ? <EyeOffIcon /> : <EyeIcon />}
      </button>
    </div>
  );
}
