/** Lower-case, accents stripped: "Zoë" matches "zoe". */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase().trim();
}

/** True if every word of the query appears in one of the fields. */
export function matchesQuery(query: string, fields: readonly (string | null)[]): boolean {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields
    .filter((field): field is string => field !== null)
    .map(normalizeForSearch)
    .join('\n');
  return words.every((word) => haystack.includes(word));
}
