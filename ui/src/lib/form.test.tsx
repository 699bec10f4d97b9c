import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../ipc';
import { Field, FormError } from '../ui/Field';
import { Form, useForm } from './form';
import type { FieldErrors } from './form';

type Name = 'name' | 'email';
const FIELDS: readonly Name[] = ['name', 'email'];

function live(values: Record<Name, string>): FieldErrors<Name> {
  const found: FieldErrors<Name> = {};
  if (values.name.trim() === '') found.name = 'Name is required.';
  if (values.email !== '' && !values.email.includes('@')) found.email = 'That is not an email address.';
  return found;
}

/** A small form written the app's way, sending through `send`. */
function Sample({ send, onCancel }: { send: (values: Record<Name, string>) => Promise<unknown>; onCancel?: () => void }) {
  const [values, setValues] = useState({ name: '', email: '' });
  const form = useForm(FIELDS);
  const checks = live(values);
  const input = (field: Name, label: string) => (
    <Field
      id={field}
      label={label}
      hint={field === 'email' ? 'Where replies go' : undefined}
      error={form.errorOf(field, checks)}
      errorTestId={`error-${field}`}
      control={(a11y) => (
        <input
          {...a11y}
          ref={form.bind(field)}
          value={values[field]}
          onChange={(event) => {
            setValues((v) => ({ ...v, [field]: event.target.value }));
            form.clear(field);
          }}
          onBlur={() => form.touch(field)}
        />
      )}
    />
  );
  return (
    <Form
      form={form}
      data-testid="sample"
      onCancel={onCancel}
      onSubmit={() => {
        form.reset();
        if (form.reject(checks)) return;
        return send(values);
      }}
    >
      {input('name', 'Name')}
      {input('email', 'Email')}
      <FormError message={form.formError} />
      <button type="submit" disabled={form.pending}>
        {form.pending ? 'Saving…' : 'Save'}
      </button>
    </Form>
  );
}

describe('useForm and <Form>', () => {
  it('shows the core’s refusal under the field it names, described and focused, and keeps what was typed', async () => {
    const send = vi.fn(() => Promise.reject(new AppError('validation', 'That address is taken.', 'email')));
    render(<Sample send={send} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('error-email')).toHaveTextContent('That address is taken.');
    const email = screen.getByLabelText('Email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAttribute('aria-describedby', 'email-error');
    await waitFor(() => expect(email).toHaveFocus());
    expect(email).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Name')).toHaveValue('Ada');
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();
  });

  it('shows a refusal that names no field (or an unknown one) above the buttons', async () => {
    const send = vi.fn(() => Promise.reject(new AppError('refused', 'The vault is locked.', 'no_such_field')));
    render(<Sample send={send} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('The vault is locked.');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'false');
  });

  it('checks before sending: the first field at fault in the form’s order gets focus, nothing is sent', async () => {
    const send = vi.fn(() => Promise.resolve());
    render(<Sample send={send} />);
    await userEvent.type(screen.getByLabelText('Email'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByTestId('error-name')).toHaveTextContent('Name is required.');
    expect(screen.getByTestId('error-email')).toHaveTextContent('That is not an email address.');
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(screen.getByLabelText('Email')).toHaveValue('nope');
  });

  it('shows a live check only once the user has left the field', async () => {
    render(<Sample send={() => Promise.resolve()} />);
    const email = screen.getByLabelText('Email');
    await userEvent.type(email, 'nope');
    expect(screen.queryByTestId('error-email')).not.toBeInTheDocument();
    await userEvent.tab();
    expect(screen.getByTestId('error-email')).toHaveTextContent('That is not an email address.');
    await userEvent.type(email, '@example.com');
    expect(screen.queryByTestId('error-email')).not.toBeInTheDocument();
  });

  it('runs one submit at a time and says it is pending until the answer', async () => {
    let answer: () => void = () => {};
    const send = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    render(<Sample send={send} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    const form = screen.getByTestId('sample');
    fireEvent.submit(form);
    fireEvent.submit(form);
    expect(send).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeDisabled();
    act(() => answer());
    await screen.findByRole('button', { name: 'Save' });
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    fireEvent.submit(form);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('has no browser validation bubbles: the app’s messages speak', () => {
    render(<Sample send={() => Promise.resolve()} />);
    expect(screen.getByTestId('sample')).toHaveAttribute('novalidate');
  });

  it('cancels on Escape and submits on Ctrl+Enter when the form can be cancelled', async () => {
    const onCancel = vi.fn();
    const send = vi.fn(() => Promise.resolve());
    render(<Sample send={send} onCancel={onCancel} />);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(send).toHaveBeenCalledWith({ name: 'Ada', email: '' });
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
