// Files cross IPC as base64 (Tauri's JSON payloads carry no raw bytes).
// `String.fromCharCode(...bytes)` on a whole file overflows the call stack past
// a few hundred KB, so bytes are encoded a slice at a time. Each slice is a
// multiple of 3 bytes long, so the per-slice base64 strings join without
// padding in between.

/** Bytes per `String.fromCharCode` call: a multiple of 3, well under engine argument limits. */
const SLICE = 3 * 8 * 1024;

function encodeSlice(bytes: Uint8Array, start: number, end: number): string {
  // `apply` with a typed array avoids copying into a plain array first.
  const binary = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  return btoa(binary);
}

/** Standard base64 (with padding) of `bytes`, any size. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE) {
    parts.push(encodeSlice(bytes, start, Math.min(start + SLICE, bytes.length)));
  }
  return parts.join('');
}

/** Bytes encoded between two yields to the event loop (about 2 MiB). */
const STEP = SLICE * 85;

/**
 * Same result as `bytesToBase64`, but yields to the event loop every couple of
 * MiB so a large file does not freeze the window, reporting progress (0..1).
 * `isCancelled` lets the caller drop a file the user has replaced meanwhile.
 */
export async function bytesToBase64Async(
  bytes: Uint8Array,
  onProgress?: (fraction: number) => void,
  isCancelled?: () => boolean,
): Promise<string | null> {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += STEP) {
    if (isCancelled?.()) return null;
    const end = Math.min(start + STEP, bytes.length);
    for (let at = start; at < end; at += SLICE) {
      parts.push(encodeSlice(bytes, at, Math.min(at + SLICE, end)));
    }
    onProgress?.(end / bytes.length);
    if (end < bytes.length) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  return isCancelled?.() ? null : parts.join('');
}
