import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// The follower client, served by the platform at /app (src/server/http/web-apps.ts).
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: path.resolve(root, '../../dist/web/app'),
    emptyOutDir: true,
  },
  server: {
    // `npx vite web/app` during development: the API stays on the platform.
    proxy: { '/gz': 'http://127.0.0.1:8080', '/mmbiz': 'http://127.0.0.1:8080' },
  },
});
