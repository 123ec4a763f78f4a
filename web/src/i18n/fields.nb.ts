/**
 * Norwegian words for the kinds of field problem the API names (`code` in its problem+json, beside its
 * English reason), spread into nb.ts; `{minimum}` and `{maximum}` are the API's bounds. Then the forms of
 * the date fields (components/DateFields).
 */
export const fieldsNb = {
  "dates.dateHint": "dd.mm.åååå, for eksempel 10.03.2027",
  "dates.dateTimeHint": "dd.mm.åååå tt:mm, norsk tid, for eksempel 10.03.2027 09:00",
  "field.required": "Må fylles ut",
  "field.wrong_type": "Har feil type verdi",
  "field.not_a_number": "Må være et tall",
  "field.not_an_integer": "Må være et helt tall",
  "field.too_short": "Må ha minst {minimum} tegn",
  "field.too_long": "Kan ha høyst {maximum} tegn",
  "field.too_few": "Velg minst {minimum}",
  "field.too_many": "Velg høyst {maximum}",
  "field.too_small": "Må være minst {minimum}",
  "field.too_large": "Kan være høyst {maximum}",
  "field.invalid_option": "Velg et av alternativene",
  "field.invalid_date": "Er ikke en gyldig dato",
  "field.invalid_email": "Er ikke en gyldig e-postadresse",
  "field.invalid_url": "Er ikke en gyldig nettadresse (https://…)",
  "field.invalid_format": "Har feil form",
  "field.invalid_text": "Inneholder tegn som ikke er tillatt",
  "field.unknown_cpv": "Er ikke en CPV-kode (sjekk sifrene)",
  "field.unknown_municipality": "Er ikke et kommunenummer",
  "field.unknown_county": "Er ikke et fylkesnummer",
  "field.unknown_field": "Er ikke et felt skjemaet kan sende",
  "field.unknown_parameter": "Er ikke et kjent valg",
  "field.invalid": "Er ikke gyldig",
} as const;
