// Lets scripts outside Next.js (seed, end-to-end fixtures) use lib/ modules (and JSON ones)
// marked `import 'server-only'`: the marker resolves to the empty module it is
// in React's server environment. Usage: node --import ./scripts/register.mjs
import { register } from 'node:module'

register('./resolve-server-only.mjs', import.meta.url)
