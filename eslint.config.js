// Type-aware lint for the PWA (typescript-eslint with the type checker). `make test` runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typeChecked = [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked];
const rules = {
  // Preact ignores what an event handler returns; our async handlers catch and show their own errors,
  // so an async onClick/onSubmit is fine. Promises passed anywhere else are still checked.
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
  // `_name` marks a value deliberately left unused (a destructured field dropped from a copy).
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
};

export default tseslint.config(
  // vite.config.ts is build configuration outside both TypeScript projects; the build itself checks it.
  { ignores: ['frontend/dist/**', 'node_modules/**', 'frontend/scripts/**', 'frontend/vite.config.ts', '.venv/**'] },
  {
    files: ['frontend/src/**/*.{ts,tsx}'],
    ignores: ['frontend/src/worker/sw.ts'],
    extends: typeChecked,
    languageOptions: { parserOptions: { project: ['frontend/tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules,
  },
  {
    // The service worker is its own TypeScript project (WebWorker types, no DOM).
    files: ['frontend/src/worker/sw.ts'],
    extends: typeChecked,
    languageOptions: { parserOptions: { project: ['frontend/tsconfig.sw.json'], tsconfigRootDir: import.meta.dirname } },
    rules,
  },
);
