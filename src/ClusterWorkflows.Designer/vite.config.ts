import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Built into dist/ and served by cw-server (CW_UI) under a strict CSP: no inline scripts, every
// file from the server itself, so the build must not rely on CDNs or inline bootstrap code.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 5000,
    modulePreload: { polyfill: false },
  },
  worker: { format: "es" },
  server: {
    // `npm run dev` against a local cw-server (scripts/run.sh) on the default port.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
