/**
 * Who is signed in: the session behind the HttpOnly cookie `md_session`, read from GET /api/v1/auth/session
 * (401: nobody). The session's CSRF token goes to the API client for every write.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, setCsrfToken, type Schemas } from "../api/client";

export type SessionUser = Schemas["SessionUser"];

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
  const { data } = await api.GET("/api/v1/auth/session");
  return data ? { status: "signed-in", user: data.user, csrfToken: data.csrfToken } : { status: "anonymous" };
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
        // The client sends the session's CSRF token; the answer clears the cookie.
        if (state.status === "signed-in") await api.POST("/api/v1/auth/sign-out");
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
