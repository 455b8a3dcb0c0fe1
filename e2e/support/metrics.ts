import type { APIRequestContext } from '@playwright/test'
import { E2E_METRICS_TOKEN } from './servers'

export type Sample = { name: string; labels: Record<string, string>; value: number }

/**
 * Reads the Prometheus text exposition format (version 0.0.4) strictly: every
 * line is a HELP, a TYPE or a sample of a family declared before it, label
 * values are quoted and escaped, and values are numbers.
 */
export function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line)
    if (comment) {
      if (comment[1] === 'TYPE') types.set(comment[2]!, comment[3]!)
      continue
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!sample) throw new Error(`not a sample line: ${line}`)
    const [, name, labelText, value] = sample
    const family = [...types.keys()].find(
      (declared) => name === declared || (name!.startsWith(declared) && /^_(bucket|sum|count)$/.test(name!.slice(declared.length))),
    )
    if (!family) throw new Error(`sample of an undeclared family: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of (labelText ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[pair[1]!] = pair[2]!
    const number = value === '+Inf' ? Infinity : Number(value)
    if (Number.isNaN(number)) throw new Error(`not a number: ${line}`)
    samples.push({ name: name!, labels, value: number })
  }
  return { types, samples }
}

export const total = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0)

/** The production server's metrics, read with its token (the request context's base URL is that server). */
export async function readMetrics(request: APIRequestContext): Promise<ReturnType<typeof parseExposition>> {
  const response = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } })
  return parseExposition(await response.text())
}
