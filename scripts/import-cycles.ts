import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The import graph of the project's own modules, with the edges ESLint's
 * import/no-cycle leaves out: type-only imports (`import type`, `import('…')`
 * in a type) and re-exports (`export … from`) count as much as value imports,
 * since either way one module's meaning depends on the other's. A lazy
 * `await import()` does not: it loads at run time, after both modules.
 */

const SOURCE = /\.(ts|tsx)$/
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx']

function sourceFiles(root: string, dir: string, skip: readonly string[]): string[] {
  const full = path.join(root, dir)
  if (!existsSync(full)) return []
  return readdirSync(full).flatMap((name) => {
    const relative = path.posix.join(dir, name)
    if (skip.includes(relative) || name === 'node_modules') return []
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(root, relative, skip)
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [relative] : []
  })
}

/** The module specifiers a file depends on, value or type, in the order they appear. */
export function specifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression
      if (ts.isStringLiteral(expression)) found.push(expression.text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The project file a specifier names ('@/…' from the root, './…' from the importing file), or null for a package. */
export function resolveSpecifier(root: string, from: string, specifier: string): string | null {
  let base: string
  if (specifier.startsWith('@/')) base = specifier.slice(2)
  else if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.posix.join(path.posix.dirname(from), specifier)
  else return null
  for (const candidate of [base, ...EXTENSIONS.map((extension) => base + extension)]) {
    if (SOURCE.test(candidate) && existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) return candidate
  }
  return null
}

export type ImportGraph = Map<string, string[]>

/** Every source file under `dirs` (paths relative to root, '/'-separated) with the project files it imports. */
export function importGraph(root: string, dirs: readonly string[], skip: readonly string[] = []): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of dirs.flatMap((dir) => sourceFiles(root, dir, skip)).sort()) {
    const targets = specifiersOf(file, readFileSync(path.join(root, file), 'utf8'))
      .map((specifier) => resolveSpecifier(root, file, specifier))
      .filter((target): target is string => target !== null)
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** A knot of files that all reach each other, and the shortest way round it from its first file (by name). */
export type ImportCycle = { path: string[]; files: string[] }

/**
 * One cycle per strongly connected component (Tarjan), as the path of files
 * from its first file back to it: the shortest way round, so the message
 * names the imports to look at first; the knot's other files come with it.
 */
export function importCycles(graph: ImportGraph): ImportCycle[] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let next = 0
  const connect = (file: string) => {
    index.set(file, next)
    low.set(file, next)
    next += 1
    stack.push(file)
    onStack.add(file)
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!))
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    for (;;) {
      const member = stack.pop()!
      onStack.delete(member)
      component.push(member)
      if (member === file) break
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) components.push(component)
  }
  for (const file of graph.keys()) if (!index.has(file)) connect(file)
  return components
    .map((component) => ({ path: shortestCycle(graph, new Set(component)), files: component.sort() }))
    .sort((a, b) => a.files[0]!.localeCompare(b.files[0]!))
}

/** The shortest path from the component's first file back to itself, through the component only (breadth first). */
function shortestCycle(graph: ImportGraph, members: Set<string>): string[] {
  const start = [...members].sort()[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const file = queue.shift()!
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue
      if (target === start) {
        const path = [start]
        for (let step: string | undefined = file; step !== start && step !== undefined; step = cameFrom.get(step)) path.splice(1, 0, step)
        return file === start ? [start, start] : [...path, start]
      }
      if (cameFrom.has(target)) continue
      cameFrom.set(target, file)
      queue.push(target)
    }
  }
  return [start, start]
}
