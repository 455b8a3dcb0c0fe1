import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

// A rule's options in a later block replace those of an earlier one for the files both match, so the
// restrictions several blocks share are named once here and each block lists all that apply to it.

/** A browser refuses a Set-Cookie for a __Host- name without Secure, a clearing one too, and Next.js's
 * cookies().delete(name) sends none: over HTTPS the cookie would stay (lib/web/cookies.ts). */
const clearCookieWithJar = {
  selector: "CallExpression[callee.property.name='delete'][arguments.0.property.name='name']",
  message: 'Clear a portal cookie with jar.set(clearedCookie(cookie)), which keeps its Secure and Path.',
}

/** Prisma is reached only through lib/ modules marked server-only. */
const prismaOnlyInLib = {
  group: ['@/lib/db', '**/lib/db', '@/lib/generated/**', '**/lib/generated/**', '**/generated/prisma/**', '@prisma/*', 'prisma', '.prisma/*'],
  message: 'Read data through the data access layer in lib/.',
}

/**
 * The app/ fence. app/ is wiring: an action or route parses, calls one use case in lib/<domain>/ and
 * turns its outcome into a page, redirect or JSON. Recording history (audit), scheduling work after
 * the response (after, ctx.later) and the database belong to the use case.
 */
const WIRING = 'app/ is wiring: the use case in lib/ does this (docs/decisions/0012-action-pipeline.md).'
const history = `History is recorded by the use case, not here. ${WIRING}`
const laterWork = `Work after the response is scheduled by the use case (ctx.later). ${WIRING}`
const database = `The database is reached by the use case. ${WIRING}`
const appIsWiring = [
  { selector: "CallExpression[callee.name='audit']", message: history },
  { selector: "CallExpression[callee.property.name='audit']", message: history },
  { selector: "CallExpression[callee.name='after']", message: laterWork },
  { selector: "CallExpression[callee.property.name='later']", message: laterWork },
  { selector: "CallExpression[callee.name='db']", message: database },
  { selector: "MemberExpression[object.name='db']", message: database },
]
const noAfterImport = { name: 'next/server', importNames: ['after'], message: laterWork }
/** An action or route reads and sets cookies through its use case's context (ctx.cookies, ctx.request); pages may still read them. */
const noRequestHeaders = {
  name: 'next/headers',
  importNames: ['cookies', 'headers'],
  message: `Cookies and headers reach a use case through its context (ctx.cookies, ctx.request). ${WIRING}`,
}

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
    files: ['lib/**'],
    rules: { 'no-restricted-syntax': ['error', clearCookieWithJar] },
  },
  {
    // Playwright fixtures hand values to tests through a callback named `use`; it is not React's hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['components/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [prismaOnlyInLib] }] },
  },
  {
    // The app/ fence (above).
    files: ['app/**'],
    rules: {
      'no-restricted-syntax': ['error', clearCookieWithJar, ...appIsWiring],
      'no-restricted-imports': ['error', { paths: [noAfterImport], patterns: [prismaOnlyInLib] }],
    },
  },
  {
    files: ['app/**/actions.ts', 'app/**/route.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noAfterImport, noRequestHeaders], patterns: [prismaOnlyInLib] }] },
  },
]

export default config
