import { describe, expect, it } from 'vitest';
import { bytesToBase64, bytesToBase64Async } from './base64';

const reference = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Deterministic pseudo-random bytes (every value, no pattern a slicing bug could hide in). */
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('bytesToBase64', () => {
  it('encodes every byte value, including those from 0x80 up, as standard base64', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(reference(all));
    expect(bytesToBase64(Uint8Array.of(0xff, 0xfe, 0x80))).toBe('//6A');
    expect(bytesToBase64(Uint8Array.of(0xc3, 0xa9))).toBe('w6k=');
  });

  it('pads short tails and encodes nothing as nothing', () => {
    expect(bytesToBase64(new Uint8Array())).toBe('');
    expect(bytesToBase64(Uint8Array.of(0x4d))).toBe('TQ==');
    expect(bytesToBase64(Uint8Array.of(0x4d, 0x61))).toBe('TWE=');
    expect(bytesToBase64(Uint8Array.of(0x4d, 0x61, 0x6e))).toBe('TWFu');
  });

  it('encodes a 3 MB buffer without overflowing the stack, slice joins included', () => {
    const big = noise(3 * 1024 * 1024 + 1);
    expect(bytesToBase64(big)).toBe(reference(big));
  });

  it('agrees with the reference on lengths around the slice size', () => {
    for (const length of [24575, 24576, 24577, 49151, 49153]) {
      const bytes = noise(length, length);
      expect(bytesToBase64(bytes)).toBe(reference(bytes));
    }
  });
});

describe('bytesToBase64Async', () => {
  it('gives the same text for 3 MB and reports progress up to the end', async () => {
    const big = noise(3 * 1024 * 1024 + 2, 3);
    const progress: number[] = [];
    await expect(bytesToBase64Async(big, (p) => progress.push(p))).resolves.toBe(reference(big));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops and returns null once cancelled', async () => {
    const big = noise(5 * 1024 * 1024);
    let steps = 0;
    await expect(bytesToBase64Async(big, () => steps++, () => steps >= 1)).resolves.toBeNull();
    expect(steps).toBe(1);
  });
});
