const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Strips the spaces people write in organisation numbers (`974 760 673`). */
export const normaliseOrgNumber = (input: string): string => input.replace(/[\s\u00a0]/g, "");

/** Norwegian organisation number: nine digits, the last a mod-11 check digit over the first eight. */
export function isValidOrgNumber(input: string): boolean {
  const digits = normaliseOrgNumber(input);
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(digits[8]);
}

/**
 * Nine equal digits (`000000000`, `999999999`): each passes the mod-11 check (the weights sum to 32, and
 * 32·d leaves the check digit d), but none is ever issued; they are what forms are filled in with.
 */
export const isPlaceholderOrgNumber = (input: string): boolean => /^(\d)\1{8}$/.test(normaliseOrgNumber(input));

/** Completes eight digits with their check digit, or returns undefined when no valid digit exists. */
export function withCheckDigit(first8: string): string | undefined {
  for (let d = 0; d <= 9; d++) if (isValidOrgNumber(`${first8}${d}`)) return `${first8}${d}`;
  return undefined;
}
