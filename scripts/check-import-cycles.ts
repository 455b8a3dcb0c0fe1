import { importCycles, importGraph } from './import-cycles'

/**
 * `npm run lint` runs this after ESLint: no module of lib/, app/ or
 * components/ may reach itself through its imports, type-only imports and
 * re-exports included (ESLint's import/no-cycle skips those). Exit code 1
 * with each cycle's path. `--root <dir>` checks another tree.
 */
const rootFlag = process.argv.indexOf('--root')
const root = rootFlag >= 0 ? process.argv[rootFlag + 1]! : process.cwd()
const cycles = importCycles(importGraph(root, ['lib', 'app', 'components'], ['lib/generated']))
for (const { path, files } of cycles) {
  console.error(`Import cycle: ${path.join(' → ')}`)
  const others = files.filter((file) => !path.includes(file))
  if (others.length > 0) console.error(`  in the same knot: ${others.join(', ')}`)
}
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s), type-only imports included: move what both sides share into a module both import.`)
  process.exitCode = 1
} else console.log('No import cycles in lib/, app/ or components/ (type-only imports included).')
