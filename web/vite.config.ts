import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The C++ server serves dist/ with an SPA fallback; in development Vite proxies
// the API and Socket.IO to a locally running server so URLs stay relative.
const backend = process.env.PARLEY_BACKEND ?? 'https://127.0.0.1:8443';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': { target: backend, secure: false, changeOrigin: true },
      '/socket.io': { target: backend, secure: false, ws: true, changeOrigin: true },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
