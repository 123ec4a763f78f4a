/**
 * The web app's Vite configuration. `npm run dev` serves it with hot reload and passes /api to the API
 * (API_URL, default http://127.0.0.1:3000: start it with `npm start` first); the API serves the build
 * (web/dist) at / in production.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env["API_URL"] ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The manifest tells the budget check which chunks the first page loads (web/scripts/budget.ts).
    manifest: true,
    target: "es2022",
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/api": { target: api, changeOrigin: false } },
  },
});
