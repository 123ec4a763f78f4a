import { Heading } from "@digdir/designsystemet-react";

export default function NeedPage() {
  return <Heading level={1}>NeedPage</Heading>;
}
