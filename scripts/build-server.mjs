// Bundles the portal's server (scripts/server.ts, entered through scripts/server-entry.ts) into .next/portal-server.mjs, run with plain
// `node` by `npm start` and `npm run serve`: running it through tsx costs some 85 MB more memory per
// instance. Packages stay external (loaded from node_modules at run time), so only our few modules are bundled.
// The server is server code by definition: lib/ modules it shares with the app are marked `import 'server-only'`,
// which resolves to an empty module here, as it does in React's server environment.
import { build } from 'esbuild'

const serverOnly = {
  name: 'server-only',
  setup(builder) {
    builder.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'server-only' }))
    builder.onLoad({ filter: /.*/, namespace: 'server-only' }, () => ({ contents: '', loader: 'js' }))
  },
}

const options = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', plugins: [serverOnly] }

// Two files: the entry sets up the runtime (V8's heap growth, the compile cache) before the server's modules load.
await build({ ...options, entryPoints: ['scripts/server.ts'], outfile: '.next/portal-server-main.mjs' })
await build({ ...options, entryPoints: ['scripts/server-entry.ts'], outfile: '.next/portal-server.mjs' })
