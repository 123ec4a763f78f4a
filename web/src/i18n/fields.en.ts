/** English words for the API's kinds of field problem and the date fields' forms (fields.nb.ts), spread into en.ts. */
import type { fieldsNb } from "./fields.nb";

export const fieldsEn: Record<keyof typeof fieldsNb, string> = {
  "dates.dateHint": "dd.mm.yyyy, for example 10.03.2027",
  "dates.dateTimeHint": "dd.mm.yyyy hh:mm, Norwegian time, for example 10.03.2027 09:00",
  "field.required": "Is required",
  "field.wrong_type": "Has the wrong type of value",
  "field.not_a_number": "Must be a number",
  "field.not_an_integer": "Must be a whole number",
  "field.too_short": "Must have at least {minimum} characters",
  "field.too_long": "Can have at most {maximum} characters",
  "field.too_few": "Choose at least {minimum}",
  "field.too_many": "Choose at most {maximum}",
  "field.too_small": "Must be at least {minimum}",
  "field.too_large": "Can be at most {maximum}",
  "field.invalid_option": "Choose one of the options",
  "field.invalid_date": "Is not a valid date",
  "field.invalid_email": "Is not a valid e-mail address",
  "field.invalid_url": "Is not a valid web address (https://…)",
  "field.invalid_format": "Is not in the right form",
  "field.invalid_text": "Contains characters that are not allowed",
  "field.unknown_cpv": "Is not a CPV code (check the digits)",
  "field.unknown_municipality": "Is not a municipality number",
  "field.unknown_county": "Is not a county number",
  "field.unknown_field": "Is not a field the form can send",
  "field.unknown_parameter": "Is not a known choice",
  "field.invalid": "Is not valid",
};
