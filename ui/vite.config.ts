/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a running `coffer server` (COFFER_SERVER, default :8080).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': process.env.COFFER_SERVER ?? 'http://127.0.0.1:8080' },
  },
  build: {
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 20000,
  },
});
