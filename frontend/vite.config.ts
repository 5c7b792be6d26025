// Build, dev server and unit tests of the Ritme PWA. Run from the repository root:
// `npm run dev | build | test` (see package.json). Flask serves dist/ at the site root.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
// Where `npm run dev` forwards /api; the Flask dev server by default.
const backend = process.env.RITME_BACKEND_URL ?? 'http://127.0.0.1:5000';

export default defineConfig({
  root,
  // Vite 8 transforms TSX with Oxc; point the automatic JSX runtime at Preact
  // instead of pulling in Babel through @preact/preset-vite.
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': { target: backend, changeOrigin: false } },
  },
  plugins: [
    VitePWA({
      // Hand-written worker (src/worker/sw.ts, built to /sw.js); the plugin only injects the precache list.
      strategies: 'injectManifest',
      srcDir: 'src/worker',
      filename: 'sw.ts',
      // We register the worker ourselves (src/worker/register.ts) to show an update prompt.
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      // The glob below already lists the icons; the default would add them a second time.
      includeManifestIcons: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
      },
      devOptions: { enabled: false },
      manifest: {
        id: '/',
        name: 'Ritme',
        short_name: 'Ritme',
        description:
          'Ritme maakt van gewenst verkoopgedrag een ritme: inchecken in één tik, reeksen, erkenning en klantsuccessen.',
        lang: 'nl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0b5757',
        background_color: '#faf7f2',
        categories: ['business', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    // English is loaded on demand in the app (i18n/messages.ts); the tests read both languages.
    setupFiles: ['src/test-setup.ts'],
    environment: 'node',
  },
});
