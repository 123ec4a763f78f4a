import { Heading } from "@digdir/designsystemet-react";

export default function ConferencePage() {
  return <Heading level={1}>ConferencePage</Heading>;
}
