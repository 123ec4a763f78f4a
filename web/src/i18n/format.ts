/** Numbers, amounts and dates in the reader's language through Intl: nb-NO writes 10,2 mrd. kr. */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) cache.set(key, (format = make()));
  return format;
}

/** An amount in NOK, short: "10,2 mrd. kr", "350 mill. kr", "45 000 kr". */
export function formatNok(value: number, locale: string): string {
  const compact = Math.abs(value) >= 1_000_000;
  return cached(
    `nok:${locale}:${compact}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency: "NOK",
        currencyDisplay: locale.startsWith("nb") ? "symbol" : "code",
        notation: compact ? "compact" : "standard",
        maximumFractionDigits: compact ? 1 : 0,
      }),
  ).format(value);
}

/** A range in NOK: "900 mill.–1 mrd. kr" is written as two amounts, or one when they are equal. */
export function formatNokRange(min: number | undefined, max: number | undefined, locale: string): string | undefined {
  if (min === undefined && max === undefined) return undefined;
  if (min === undefined || max === undefined || min === max) return formatNok((max ?? min)!, locale);
  return `${formatNok(min, locale)} – ${formatNok(max, locale)}`;
}

export function formatNumber(value: number, locale: string): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** A calendar date (`YYYY-MM-DD`) or an instant, as a long date in Norway's time zone: "1. mars 2027". */
export function formatDate(value: string | number, locale: string): string {
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return cached(
    `d:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "Europe/Oslo" }),
  ).format(date);
}

/** An instant with its time of day in Norway: "1. mars 2027 kl. 09:00". */
export function formatDateTime(value: string | number, locale: string): string {
  return cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Oslo" }),
  ).format(new Date(value));
}

export function formatTime(value: string | number, locale: string): string {
  return cached(
    `t:${locale}`,
    () => new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: "Europe/Oslo" }),
  ).format(new Date(value));
}
