import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// The operator console, served by the platform at /console (src/server/http/web-apps.ts).
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.resolve(root, '../../dist/web/console'),
    emptyOutDir: true,
    // antd + echarts are large; one vendor chunk each keeps the warning honest.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks: { antd: ['antd', '@ant-design/icons'], echarts: ['echarts'] },
      },
    },
  },
  server: {
    // `npx vite web/console` during development: the API stays on the platform.
    proxy: { '/gz': 'http://127.0.0.1:8080', '/mmbiz': 'http://127.0.0.1:8080' },
  },
});
