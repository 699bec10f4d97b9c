import { describe, expect, it } from 'vitest';
import { AppError, commands } from '.';
import { ipcFailure, mockCommands } from './testing';

describe('AppError.from', () => {
  it('keeps code, message and field of an error object from Rust', () => {
    const error = AppError.from({ code: 'validation', message: 'name is required', field: 'name' });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('validation');
    expect(error.message).toBe('Name is required');
    expect(error.field).toBe('name');
  });

  it('treats a missing field as null', () => {
    const error = AppError.from({ code: 'wrong_secret', message: 'That is not the passphrase' });
    expect(error.code).toBe('wrong_secret');
    expect(error.field).toBeNull();
  });

  it('turns a code the UI does not know into internal, keeping the message', () => {
    const error = AppError.from({ code: 'teapot', message: 'short and stout', field: null });
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Short and stout');
  });

  it('turns a thrown Error into internal', () => {
    const error = AppError.from(new TypeError('x is undefined'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('x is undefined');
    expect(error.field).toBeNull();
  });

  it('turns a string (Tauri’s own errors) into internal with that text', () => {
    const error = AppError.from('Command account_nope not found');
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Command account_nope not found');
  });

  it.each([null, undefined, 42, { message: 'no code' }, { code: 7, message: 'x' }])(
    'turns %j into internal',
    (value) => {
      const error = AppError.from(value);
      expect(error.code).toBe('internal');
      expect(error.message.length).toBeGreaterThan(0);
    },
  );

  it('returns an AppError unchanged', () => {
    const original = new AppError('locked', 'Vault is locked');
    expect(AppError.from(original)).toBe(original);
  });
});

describe('commands', () => {
  it('pass arguments under the names Rust expects', async () => {
    const calls = mockCommands({
      vault_unlock: () => ({}),
      account_create: (args) => args?.input,
    });
    await commands.vaultUnlock('correct horse');
    const input = { name: 'Acme', tier: 'key' as const, owner_name: null };
    await expect(commands.accountCreate(input)).resolves.toEqual(input);
    expect(calls).toEqual([
      { cmd: 'vault_unlock', args: { secret: 'correct horse' } },
      { cmd: 'account_create', args: { input } },
    ]);
  });

  it('reject with an AppError carrying the Rust error', async () => {
    mockCommands({
      vault_unlock: () => ipcFailure('wrong_secret', 'That passphrase or recovery key is not right.'),
    });
    const failure = commands.vaultUnlock('nope');
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({
      code: 'wrong_secret',
      message: 'That passphrase or recovery key is not right.',
      field: null,
    });
  });

  it('reject with an internal AppError when the call itself throws', async () => {
    mockCommands({
      people_ours: () => {
        throw new Error('IPC channel closed');
      },
    });
    await expect(commands.peopleOurs()).rejects.toMatchObject({
      name: 'AppError',
      code: 'internal',
      message: 'IPC channel closed',
    });
  });
});
