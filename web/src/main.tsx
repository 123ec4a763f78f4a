import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import "@digdir/designsystemet-css";
import "@digdir/designsystemet-theme";
import "./styles/app.css";
import { routes } from "./app/routes";
import { AuthProvider } from "./auth/auth";
import { I18nProvider } from "./i18n/i18n";

const router = createBrowserRouter(routes);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
