// Builds the board view into client/dist, which the server serves at /view/. In development
// (npm run dev) Vite serves it with hot reload and forwards the server's routes to Hookboard.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export const HOOKBOARD_ROUTES = ["/api", "/oauth", "/webhooks", "/healthz", "/readyz"];

export function proxyTo(target: string) {
  return Object.fromEntries(HOOKBOARD_ROUTES.map((route) => [route, { target, changeOrigin: false }]));
}

export default defineConfig({
  root: import.meta.dirname,
  base: "/view/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // monday's iframe runs in evergreen browsers only
    target: "es2022",
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: proxyTo("http://localhost:8080"),
  },
});
