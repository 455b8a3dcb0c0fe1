// Bundles the portal's server (lib/outside-next/server.ts) into .next/portal-server.mjs, run with plain
// `node` by `npm start` and `npm run serve`: running it through tsx costs some 85 MB more memory per
// instance. Packages stay external (loaded from node_modules at run time), so only our few modules are bundled.
import { build } from 'esbuild'

await build({
  entryPoints: ['lib/outside-next/server.ts'],
  outfile: '.next/portal-server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
