/** Length in characters as Rust counts them (code points), not UTF-16 units. */
export function charCount(text: string): number {
  return Array.from(text).length;
}
