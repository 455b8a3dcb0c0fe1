import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import type { DatabaseTarget } from '../../lib/database-url'

type Runtime = typeof import('@prisma/schema-engine-wasm/schema_engine_bg')

let runtime: Promise<Runtime> | undefined

/**
 * Prisma's schema engine compiled to WebAssembly. It needs no native binary
 * (which cannot be downloaded everywhere) and talks to the database through
 * the same driver adapters the app uses.
 */
async function loadRuntime(): Promise<Runtime> {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const require = createRequire(import.meta.url)
  const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm')
  const compiled = new WebAssembly.Module(await readFile(wasmFile))
  const instance = new WebAssembly.Instance(compiled, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports })
  glue.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return glue
}

export function adapterFactoryFor(target: DatabaseTarget) {
  return target.provider === 'sqlite' ? new PrismaBetterSqlite3({ url: target.file }) : new PrismaPg({ connectionString: target.url })
}

/**
 * Runs `work` with a schema engine connected to `target`, then frees it.
 * Driver errors reach the engine only as "External error id#N"; the adapter
 * keeps the real error under that id, so it is looked up for the message.
 */
export async function withEngine<T>(target: DatabaseTarget, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  runtime ??= loadRuntime()
  const { SchemaEngine } = await runtime
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactoryFor(target))
  const debug = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(message)
  }
  let engine: SchemaEngine | undefined
  try {
    engine = await SchemaEngine.new({ datamodels: undefined }, debug, adapter)
    return await work(engine)
  } catch (error) {
    const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : String(error))?.[1]
    const external = id === undefined ? undefined : adapter.errorRegistry.consumeError(Number(id))?.error
    if (external !== undefined) throw new Error(`${target.provider}: ${external instanceof Error ? external.message : String(external)}`, { cause: error })
    throw error
  } finally {
    engine?.free()
  }
}
