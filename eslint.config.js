// Lint rules, including the architecture's import boundaries (DESIGN §3):
// contracts/ imports only zod; src/ and e2e/ never import server/; server/ never imports src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const boundary = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist', 'data', 'node_modules', 'test-results', 'playwright-report', 'bench/out'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['server/**', 'bench/**', 'scripts/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['public/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [boundary(['**/server/**', 'better-sqlite3', 'fastify', 'node:*'], 'The browser app never imports server code.')] },
      ],
    },
  },
  {
    files: ['e2e/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { patterns: [boundary(['**/server/**'], 'e2e tests drive the real service over HTTP.')] }],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [boundary(['**/src/**', 'react', 'react-dom', '@mui/*'], 'The service never imports browser code.')] }],
    },
  },
  {
    files: ['contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [boundary(['**/server/**', '**/src/**', 'node:*', 'react', 'fastify'], 'contracts/ imports only zod.')] },
      ],
    },
  },
);
