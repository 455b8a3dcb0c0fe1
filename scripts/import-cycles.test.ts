import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { importCycles, importGraph } from './import-cycles'

let root: string

function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'import-cycles-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
    writeFileSync(path.join(root, name), text)
  }
  return root
}

const cyclesOf = (files: Record<string, string>) => importCycles(importGraph(tree(files), ['lib', 'app', 'components'], ['lib/generated']))

afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('the import cycle check', () => {
  it('finds a cycle made only of type-only imports, with its path', () => {
    const cycles = cyclesOf({
      'lib/audit/vocabulary.ts': "import type { Purpose } from '../auth/challenge'\nexport type Reason = `${Purpose}_code`\n",
      'lib/auth/challenge.ts': "import type { Reason } from '@/lib/audit/vocabulary'\nexport type Purpose = 'sign_in'\nexport let last: Reason | null = null\n",
    })
    expect(cycles).toEqual([
      { path: ['lib/audit/vocabulary.ts', 'lib/auth/challenge.ts', 'lib/audit/vocabulary.ts'], files: ['lib/audit/vocabulary.ts', 'lib/auth/challenge.ts'] },
    ])
  })

  it('follows re-exports, index files, .tsx files and import() types, across lib/, app/ and components/', () => {
    const cycles = cyclesOf({
      'lib/web/index.ts': "export { context } from './context'\n",
      'lib/web/context.ts': "export const context = (): import('../../components/panel').Props | null => null\n",
      'components/panel.tsx': "import { page } from '@/app/page'\nexport type Props = { page: typeof page }\n",
      'app/page.tsx': "import { context } from '@/lib/web'\nexport const page = context\n",
    })
    expect(cycles.map((cycle) => cycle.path)).toEqual([['app/page.tsx', 'lib/web/index.ts', 'lib/web/context.ts', 'components/panel.tsx', 'app/page.tsx']])
  })

  it('names the shortest way round a knot, and the knot’s other files', () => {
    const cycles = cyclesOf({
      'lib/a.ts': "import './b'\nimport './c'\n",
      'lib/b.ts': "import './a'\n",
      'lib/c.ts': "import './d'\n",
      'lib/d.ts': "import './a'\n",
    })
    expect(cycles).toEqual([{ path: ['lib/a.ts', 'lib/b.ts', 'lib/a.ts'], files: ['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/d.ts'] }])
  })

  it('finds a module that imports itself', () => {
    expect(cyclesOf({ 'lib/self.ts': "export * from '@/lib/self'\n" }).map((cycle) => cycle.path)).toEqual([['lib/self.ts', 'lib/self.ts']])
  })

  it('leaves out packages, lazy imports, generated code and one-way imports', () => {
    const cycles = cyclesOf({
      'lib/db.ts': "import { PrismaClient } from '@prisma/client'\nexport const adapter = () => import('./adapter')\nexport const client = PrismaClient\n",
      'lib/adapter.ts': "import { client } from './db'\nexport const made = client\n",
      'lib/generated/prisma/client.ts': "import '../../../lib/generated/prisma/client'\n",
      'app/page.tsx': "import { client } from '@/lib/db'\nexport default client\n",
    })
    expect(cycles).toEqual([])
  })

  // Two runs of the command through tsx: slow on a busy machine.
  it('fails `npm run lint` with the path, and passes once the cycle is gone', { timeout: 120_000 }, () => {
    const files = {
      'lib/web/request-context.ts': "import { MAX } from './incoming-context'\nexport type RequestContext = { userAgent: string }\nexport const max = MAX\n",
      'lib/web/incoming-context.ts':
        "import type { RequestContext } from './request-context'\nexport const MAX = 512\nexport let last: RequestContext | null = null\n",
    }
    const check = (at: string) => {
      try {
        execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'check-import-cycles.ts'), '--root', at], {
          encoding: 'utf8',
          stdio: 'pipe',
        })
        return { failed: false, output: '' }
      } catch (error) {
        return { failed: true, output: String((error as { stderr: string }).stderr) }
      }
    }
    const planted = check(tree(files))
    expect(planted.failed).toBe(true)
    expect(planted.output).toContain('Import cycle: lib/web/incoming-context.ts → lib/web/request-context.ts → lib/web/incoming-context.ts')
    rmSync(root, { recursive: true, force: true })
    expect(check(tree({ ...files, 'lib/web/incoming-context.ts': 'export const MAX = 512\n' })).failed).toBe(false)
  })
})
