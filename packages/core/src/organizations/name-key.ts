/**
 * The form of an organisation's name that two names share when a reader could not tell them apart: NFKC
 * (so a composed "Å" and "A" with a combining ring, or full-width letters, are one), without invisible
 * format characters (zero-width spaces and joiners), case-folded (upper then lower case, so "ß" and "SS"
 * meet) and with every run of white space as one space. Pure; stored on each organisation as `nameKey`.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/\p{Cf}/gu, "")
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[\s\p{Z}]+/gu, " ")
    .trim();
}
