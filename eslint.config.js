// @ts-check
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist.next/',
      'dist.previous/',
      '.astro/',
      'test/.out/',
      'node_modules/',
      '.scratch/',
      'runs/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.astro'] },
    },
    rules: {
      // Template literals with numbers are how messages are written here; they are never objects.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // TypeScript files that import .astro components: the linter's type service cannot read
    // .astro files and types them as errors. `astro check` type-checks these imports.
    files: ['src/components/mdx/index.ts', 'src/render/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    // Config files and plain JS are not part of the TypeScript project. In .astro files the
    // linter's type service cannot see Astro's virtual modules (astro:content) and reads them as
    // any; `astro check`, part of npm test, type-checks those files instead.
    files: ['**/*.js', '**/*.mjs', '**/*.astro'],
    ...tseslint.configs.disableTypeChecked,
  },
);
