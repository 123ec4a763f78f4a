/**
 * Who is signed in: the session behind the HttpOnly cookie `md_session`, read from GET /api/v1/auth/session
 * (401: nobody). The session's CSRF token goes to the API client for every write.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { setCsrfToken } from "../api/client";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  orgId: string;
  orgName: string;
  orgKind: "buyer" | "supplier" | "organiser";
}

export type AuthState =
  { status: "loading" } | { status: "anonymous" } | { status: "signed-in"; user: SessionUser; csrfToken: string };

interface Auth {
  state: AuthState;
  user: SessionUser | undefined;
  /** Reads the session again (after signing in). */
  refresh(): Promise<void>;
  /** Takes a session answer (user and CSRF token) as the current one. */
  accept(session: { user: SessionUser; csrfToken: string }): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | undefined>(undefined);

async function readSession(): Promise<AuthState> {
  const res = await fetch("/api/v1/auth/session", { credentials: "same-origin" });
  if (!res.ok) return { status: "anonymous" };
  const body = (await res.json()) as { user: SessionUser; csrfToken: string };
  return { status: "signed-in", user: body.user, csrfToken: body.csrfToken };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });
  const apply = useCallback((next: AuthState) => {
    setCsrfToken(next.status === "signed-in" ? next.csrfToken : undefined);
    setState(next);
  }, []);
  const refresh = useCallback(async () => {
    apply(await readSession().catch((): AuthState => ({ status: "anonymous" })));
  }, [apply]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const value = useMemo<Auth>(
    () => ({
      state,
      user: state.status === "signed-in" ? state.user : undefined,
      refresh,
      accept: (session) => apply({ status: "signed-in", ...session }),
      signOut: async () => {
        if (state.status === "signed-in") {
          await fetch("/api/v1/auth/sign-out", {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRF-Token": state.csrfToken },
          });
        }
        apply({ status: "anonymous" });
      },
    }),
    [state, refresh, apply],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
