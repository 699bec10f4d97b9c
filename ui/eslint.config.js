import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const IPC_ONLY =
  'Call Rust through src/ipc (commands, AppError), never @tauri-apps/api directly.';

export default defineConfig([
  // bindings.ts is generated from Rust by tauri-specta; it is fixed there, not here.
  globalIgnores(['dist', 'coverage', 'src/ipc/bindings.ts']),
  {
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommendedTypeChecked,
      reactHooks.configs.flat.recommended,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // One door to Rust: see STYLE.md "The UI".
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@tauri-apps/api', message: IPC_ONLY }],
          patterns: [{ group: ['@tauri-apps/api/*'], message: IPC_ONLY }],
        },
      ],
      // User text is rendered as text, never as HTML.
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render user text as text; no dangerouslySetInnerHTML.',
        },
        {
          selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]",
          message: 'Do not build HTML from data.',
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Promise-returning handlers are fine on JSX event props; React ignores the promise.
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    files: ['src/ipc/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
]);
