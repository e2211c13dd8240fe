/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The service the dev server proxies API calls to (npm run dev starts it on this port).
const serviceUrl = process.env.PROFILE_CONSOLE_SERVICE_URL ?? 'http://127.0.0.1:8081';
const proxied = ['/data', '/_local', '/docs'];

export default defineConfig({
  plugins: [react()],
  // The manifest lets scripts/check-bundle-budget.mjs find what loads before the first route chunk.
  build: { sourcemap: true, manifest: true, chunkSizeWarningLimit: 700 },
  server: { proxy: Object.fromEntries(proxied.map((p) => [p, serviceUrl])) },
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['contracts/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/testing/setup.ts'],
          // react-router 7 dual CJS/ESM hazard under vitest (remix-run/react-router#12785); drop with v8.
          alias: [
            {
              find: /^react-router$/,
              replacement: fileURLToPath(new URL('./node_modules/react-router/dist/development/index.mjs', import.meta.url)),
            },
          ],
        },
      },
    ],
  },
});
