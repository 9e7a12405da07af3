import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// `vite --config web/vite.config.ts` serves the app on its own and sends
// /api to a running `hotline serve`, at HOTLINE_API or 127.0.0.1:8080.
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The app is served from the local network with no CDN, so one
    // chunk per route group is enough and keeps the build quick.
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': process.env.HOTLINE_API ?? 'http://127.0.0.1:8080',
    },
  },
});
