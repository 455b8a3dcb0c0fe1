import { readFileSync } from 'node:fs'

/**
 * Where a CPU profile's time goes (V8's .cpuprofile, as `node --cpu-prof`
 * writes it), by package: self time summed per node_modules package (Next.js'
 * bundled copies under next/dist/compiled count as their own package), the
 * app's own bundled code, Node.js internals, garbage collection. Idle time is
 * left out.
 */
type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; hitCount?: number }
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }

export function bucketOf(node: ProfileNode): string | null {
  const { url, functionName } = node.callFrame
  if (functionName === '(idle)') return null
  if (functionName === '(garbage collector)') return 'garbage collection'
  if (functionName === '(program)' || functionName === '(root)') return 'V8 and native code'
  if (url.startsWith('node:')) return 'Node.js internals'
  const compiled = url.match(/next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/)
  if (compiled) return `${compiled[1]} (in next)`
  const nodeModule = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  if (nodeModule) return nodeModule[1]!
  if (url.includes('/.next/server/')) return 'the app (bundled)'
  return url ? 'other' : 'V8 and native code'
}

type Share = [name: string, ms: number, share: number]
/** rows: by package; internals: Node.js's own modules (HTTP, zlib, streams, crypto…), which the package view lumps together; functions: the most self time. */
export type ProfileSummary = { total: number; rows: Share[]; internals: Share[]; functions: Share[] }

export function summariseProfile(file: string, topCount = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(profile.samples.length, 1)
  const byBucket = new Map<string, number>()
  const byFunction = new Map<string, number>()
  const byInternal = new Map<string, number>()
  for (const node of profile.nodes) {
    const bucket = bucketOf(node)
    if (!bucket || !node.hitCount) continue
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + node.hitCount * interval)
    if (bucket === 'Node.js internals') {
      const internal = node.callFrame.url.replace('node:internal/deps/', 'node:').replace('node:internal/', 'node:')
      byInternal.set(internal, (byInternal.get(internal) ?? 0) + node.hitCount * interval)
    }
    const file = node.callFrame.url.split('/').slice(-2).join('/')
    const name = `${node.callFrame.functionName || '(anonymous)'} ${file ? `(${bucket}: ${file})` : `(${bucket})`}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.hitCount * interval)
  }
  const total = [...byBucket.values()].reduce((sum, ms) => sum + ms, 0)
  const top = (map: Map<string, number>, count: number): Share[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]): Share => [name, Math.round(ms), Math.round((ms / total) * 1000) / 10])
  return { total: Math.round(total), rows: top(byBucket, topCount), internals: top(byInternal, 10), functions: top(byFunction, topCount) }
}
