/**
 * Text fields for a date (`dd.mm.åååå`) and a time in Norway (`dd.mm.åååå tt:mm`), the form shown as the
 * field's description. `value` is the API's form (`YYYY-MM-DD`, an ISO instant with Oslo's offset) or the
 * text as typed when it is none; `onChange` gets the same (i18n/dates.ts).
 */
import { Textfield } from "@digdir/designsystemet-react";
import { useEffect, useState, type ReactNode } from "react";
import { parseDate, parseDateTime, showDate, showDateTime } from "../i18n/dates";
import { useI18n } from "../i18n/i18n";

interface Props {
  id?: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: ReactNode;
}

function TypedField(
  props: Props & { parse(text: string): string | undefined; show(value: string): string; hint: string },
) {
  const { parse, show, value, onChange } = props;
  const [text, setText] = useState(() => show(value));
  // A value changed from outside (a reset, a loaded record) is shown; the reader's own typing is kept.
  useEffect(() => {
    if ((parse(text) ?? text.trim()) !== value) setText(show(value));
    // Only a new value from outside concerns this; `text` is the field's own.
  }, [value]);
  return (
    <Textfield
      id={props.id}
      label={props.label}
      description={props.hint}
      inputMode="numeric"
      autoComplete="off"
      value={text}
      error={props.error}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value) ?? e.target.value.trim());
      }}
    />
  );
}

export function DateField(props: Props) {
  const { t } = useI18n();
  return <TypedField {...props} parse={parseDate} show={showDate} hint={t("dates.dateHint")} />;
}

export function DateTimeField(props: Props) {
  const { t } = useI18n();
  return <TypedField {...props} parse={parseDateTime} show={showDateTime} hint={t("dates.dateTimeHint")} />;
}
