import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The README stays short enough for a newcomer, and it and docs/ never send
 * a reader to a page or a section that is not there.
 */
const ROOT = path.resolve(import.meta.dirname, '..')
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

/** Every Markdown file under docs/, relative to the repository. */
function docsFiles(folder = 'docs'): string[] {
  return readdirSync(path.join(ROOT, folder)).flatMap((name) => {
    const file = path.join(folder, name)
    if (statSync(path.join(ROOT, file)).isDirectory()) return docsFiles(file)
    return name.endsWith('.md') ? [file] : []
  })
}

const PAGES = ['README.md', ...docsFiles()]

/** The text outside fenced code blocks and inline code, where links are links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '')

/** Link and image targets: [text](target) and ![alt](target). */
const targets = (text: string) => [...prose(text).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!)

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading] of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    result.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return result
}

/** Each relative link of `page` that points nowhere, as "target (why)". */
function deadLinks(page: string): string[] {
  return targets(read(page)).flatMap((target) => {
    if (/^[a-z]+:/i.test(target)) return []
    const [file, anchor] = target.split('#') as [string, string | undefined]
    const resolved = file === '' ? page : path.normalize(path.join(path.dirname(page), decodeURIComponent(file)))
    if (!existsSync(path.join(ROOT, resolved))) return [`${target} (no such file)`]
    if (anchor === undefined || !resolved.endsWith('.md')) return []
    return anchors(read(resolved)).has(anchor) ? [] : [`${target} (no such heading)`]
  })
}

describe('the README', () => {
  it('is at most 150 lines', () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(150)
  })

  it('links every page under docs/, so none is out of reach', () => {
    const linked = new Set(targets(read('README.md')).map((target) => path.normalize(target.split('#')[0]!)))
    const pages = docsFiles().filter((file) => !file.startsWith(path.join('docs', 'decisions', '0')))
    expect(pages.filter((file) => !linked.has(file))).toEqual([])
  })
})

describe('links in the README and docs/', () => {
  it.each(PAGES)('%s has no dead relative link or anchor', (page) => {
    expect(deadLinks(page)).toEqual([])
  })

  it('reads headings and links as GitHub does', () => {
    expect(anchors('# The client’s address\n## Logs\n## Logs\n')).toEqual(new Set(['the-clients-address', 'logs', 'logs-1']))
    expect(targets('[a](docs/x.md) `[b](c.md)` ![i](docs/images/i.png)\n```\n[d](e.md)\n```')).toEqual(['docs/x.md', 'docs/images/i.png'])
  })
})

describe('docs/', () => {
  it('the decisions index names every decision record', () => {
    const index = read('docs/decisions/README.md')
    const records = readdirSync(path.join(ROOT, 'docs', 'decisions')).filter((name) => /^\d{4}-.*\.md$/.test(name))
    expect(records.filter((name) => !index.includes(`](${name})`))).toEqual([])
  })

  it('the configuration page names every variable the portal reads at start-up', () => {
    const variables = [...read('lib/env.ts').matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]!)
    expect(variables.length).toBeGreaterThan(20)
    const page = read('docs/configuration.md')
    expect(variables.filter((name) => !page.includes(`\`${name}\``))).toEqual([])
  })
})
