import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/src/gen/**', '**/coverage/**', '**/*.js', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle reads each imported file to follow its imports; it needs the
      // TypeScript parser for that, or it skips the file and finds no cycle.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import each other as `./x.js` (nodenext); the file on disk is
      // `./x.ts`. Without the alias the resolver finds nothing, and no-cycle
      // silently checks nothing.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
          conditionNames: ['types', 'import', 'default'],
        }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-unresolved': 'error',
      'import-x/no-duplicates': 'error',
      // Every package names what it imports; a production file may not import
      // a devDependency (test fixtures live in private packages).
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@mcp/*/*'],
              message: 'Import another package by its name, never a deep path.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks may poke at values loosely typed by jest matchers.
    files: ['**/*.test.ts', 'bench/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Jest and friends are the workspace root's devDependencies.
      'import-x/no-extraneous-dependencies': [
        'error',
        { devDependencies: true, packageDir: [process.cwd(), import.meta.dirname] },
      ],
      'no-console': 'off',
    },
  },
  {
    // CLIs and bench scripts talk to people on stdout.
    files: ['**/cli/src/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
