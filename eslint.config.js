// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Who may import whom (docs/architecture.md). Every rule is an error: no warnings, no allowlists of debt. */
const otherLayers = (...layers) => layers.map((l) => ({ group: [`**/${l}/**`, `../${l}/**`, `../../${l}/**`, `../../../${l}/**`], message: `this layer may not import ${l}/` }));
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto'].map((n) => ({ group: [n], message: 'shared/ and renderer/ do no I/O: no Node built-ins' }));
const noElectron = { name: 'electron', message: 'only the thin shell in electron/shell/ imports electron' };
/**
 * The renderer reads and writes the till's data one way: app/branch-data.tsx (useBranchQuery, useBranchMutation,
 * useBranch). Screens may not reach the transport (api/client, window.till, fetch) or the cache library around it.
 */
const oneDataPath = 'screens read and write through renderer/app/branch-data.tsx (useBranchQuery, useBranchMutation, useBranch)';
const rendererRawData = {
  paths: [{ name: '@tanstack/react-query', message: oneDataPath }],
  patterns: [{ group: ['**/api/client', '../api/client', '../../api/client', '../../../api/client'], message: oneDataPath }],
};
const rendererRawTransport = [
  { selector: "MemberExpression[object.name='window'][property.name='till']", message: oneDataPath },
  { selector: "CallExpression[callee.name='fetch']", message: oneDataPath },
  { selector: "CallExpression[callee.object.name='window'][callee.property.name='fetch']", message: oneDataPath },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'renderer/dist/', 'test-results/', 'playwright-report/', 'e2e/artifacts/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [...otherLayers('electron', 'renderer', 'sync-server'), ...nodeBuiltins] }],
    },
  },
  {
    files: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}', 'renderer/vite.config.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, ...rendererRawData.paths], patterns: [...otherLayers('electron', 'sync-server'), ...nodeBuiltins, ...rendererRawData.patterns] }],
      'no-restricted-syntax': ['error', ...rendererRawTransport],
    },
  },
  {
    // The one data path itself, and the transport it wraps.
    files: ['renderer/app/branch-data.tsx', 'renderer/api/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [...otherLayers('electron', 'sync-server'), ...nodeBuiltins] }],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: otherLayers('renderer', 'sync-server') }],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: otherLayers('renderer', 'electron') }],
    },
  },
  {
    // Cross-process tests (a till syncing with a real server) may start the other side; production code may not.
    files: ['electron/**/*.test.ts', 'sync-server/**/*.test.ts', 'electron/test-support/**', 'sync-server/test-support/**', 'bench/**', 'scripts/**', 'e2e/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: otherLayers('renderer') }] },
  },
);
