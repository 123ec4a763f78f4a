import { Heading } from "@digdir/designsystemet-react";

export default function MapPage() {
  return <Heading level={1}>MapPage</Heading>;
}
