import { Heading } from "@digdir/designsystemet-react";

export default function SearchPage() {
  return <Heading level={1}>SearchPage</Heading>;
}
