/**
 * What free text may hold, and the one form search reads it in. Stored text is NFC (one code point sequence
 * per character, whatever the keyboard sent); what cannot be seen or rearranges what can be seen is refused.
 */

/** C0 and C1 controls and DEL; tab, line feed and carriage return are checked separately. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const TAB_OR_LINE_BREAK = /[\t\n\r\u2028\u2029]/;
/** Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (Trojan Source). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A surrogate without its pair: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** White space, format characters (zero-width spaces and joiners U+200B–U+200D, U+2060, U+FEFF …) and fillers. */
const INVISIBLE = /[\s\p{Cf}\u115f\u1160\u3164\uffa0]/gu;

const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a text (already NFC) may not be stored, or undefined when it may. */
export function textProblem(text: string, options: { multiline: boolean }): string | undefined {
  if (LONE_SURROGATE.test(text)) return "is not well-formed Unicode (a lone surrogate)";
  const control = CONTROL.exec(text);
  if (control) return `contains a control character (${codePoint(control[0])}); only tabs and line breaks are allowed`;
  if (!options.multiline && TAB_OR_LINE_BREAK.test(text)) return "must be one line, without tabs or line breaks";
  const bidi = BIDI_CONTROL.exec(text);
  if (bidi) return `contains a bidirectional control character (${codePoint(bidi[0])})`;
  if (text !== "" && text.replace(INVISIBLE, "") === "") return "has no visible characters";
  return undefined;
}

/**
 * Text as search reads it, on both engines and on both sides (documents and queries): NFKC, which composes
 * like NFC and also folds compatibility forms, so an NFD `Ås` is `Ås` and full-width `ＬＥＤ` is `LED`.
 */
export const searchForm = (text: string): string => text.normalize("NFKC");
