import { Heading } from "@digdir/designsystemet-react";

export default function ConferencesPage() {
  return <Heading level={1}>ConferencesPage</Heading>;
}
