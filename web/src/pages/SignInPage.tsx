import { Heading } from "@digdir/designsystemet-react";

export default function SignInPage() {
  return <Heading level={1}>SignInPage</Heading>;
}
