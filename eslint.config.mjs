import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'bench/peers/**',
      'lib/generated/**',
      'prisma/.generated/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
    ],
  },
  {
    // No module may reach itself through its imports (type-only imports do not count): cycles make
    // load order matter and hide which layer depends on which.
    files: ['app/**', 'components/**', 'lib/**', 'proxy.ts', 'instrumentation.ts'],
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Imports run one way: app/ uses components/ and lib/, never the reverse. components/ holds what
    // several routes share (a component used by one route lives beside it in app/**/_components/), and
    // components/ui/ holds primitives that know no feature: nothing from app/, lib/ or other folders.
    files: ['app/**', 'components/**', 'lib/**'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './components', from: './app', message: 'components/ is shared by routes: pass actions in as props instead.' },
            { target: './lib', from: ['./app', './components'], message: 'lib/ is below app/ and components/.' },
            {
              target: './components/ui',
              from: ['./components', './lib'],
              except: ['./ui'],
              message: 'UI primitives know no feature; move the piece to components/forms or beside its route.',
            },
          ],
        },
      ],
    },
  },
  {
    // A browser refuses a Set-Cookie for a __Host- name without Secure, a clearing one too, and
    // Next.js's cookies().delete(name) sends none: over HTTPS the cookie would stay (lib/web/cookies.ts).
    files: ['app/**', 'lib/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='delete'][arguments.0.property.name='name']",
          message: 'Clear a portal cookie with jar.set(clearedCookie(cookie)), which keeps its Secure and Path.',
        },
      ],
    },
  },
  {
    // Playwright fixtures hand values to tests through a callback named `use`; it is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Prisma is reached only through lib/ modules marked server-only.
    files: ['app/**', 'components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/db', '**/lib/db', '@/lib/generated/**', '**/generated/prisma/**', '@prisma/*'],
              message: 'Read data through the data access layer in lib/.',
            },
          ],
        },
      ],
    },
  },
]

export default config
