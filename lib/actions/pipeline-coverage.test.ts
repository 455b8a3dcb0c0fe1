import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PIPELINE } from './pipeline'

const root = path.resolve(import.meta.dirname, '../..')
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/** Every server-action file and route handler under app/. */
function endpointFiles(): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === 'actions.ts' || entry.name === 'route.ts') found.push(path.relative(root, full))
    }
  }
  walk(path.join(root, 'app'))
  return found.sort()
}

describe('the action pipeline', () => {
  const files = endpointFiles()

  it('finds the actions and routes to check', () => {
    expect(files.filter((file) => file.endsWith('actions.ts')).length).toBeGreaterThanOrEqual(10)
    expect(files.filter((file) => file.endsWith('route.ts')).length).toBeGreaterThanOrEqual(9)
  })

  it.each(files)('%s: every exported action or handler went through a definer, with a guard', async (file) => {
    const exported = (await import(path.join(root, file))) as Record<string, unknown>
    const endpoints = Object.entries(exported).filter(([name, value]) =>
      file.endsWith('route.ts') ? HTTP_METHODS.includes(name) : typeof value === 'function',
    )
    expect(endpoints.length, `${file} exports no endpoint`).toBeGreaterThan(0)
    for (const [name, value] of endpoints) {
      const mark = (value as { [PIPELINE]?: { guard: string } })[PIPELINE]
      expect(mark, `${file}: ${name} bypasses the pipeline`).toBeDefined()
      expect(mark?.guard, `${file}: ${name}`).toMatch(
        /^(public|anonymous|session|recently-verified|newest-or-recently-verified|recovery-or-recently-verified|session-adding-passkey|agent|admin|admin-recently-verified|scim-client|ssf-client|provider-signature)$/,
      )
    }
  })
})
