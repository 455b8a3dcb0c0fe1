import 'server-only'
import { readFile, stat } from 'node:fs/promises'
import { env } from '../env'

/** The real BLOB is about 5 MB; anything far past it is not a BLOB. */
const MAX_BLOB_BYTES = 32 * 1024 * 1024
const FETCH_TIMEOUT_MS = 30_000

/** Whether a BLOB source is configured at all: without one, verified authenticators cannot be offered. */
export function metadataSourceConfigured(): boolean {
  const { url, file } = env().authenticatorMetadata
  return Boolean(url || file)
}

/**
 * The BLOB's text from the configured URL (MDS3 §3.1.7: the RP fetches it
 * when nextUpdate has passed), else the configured file. Null when there is
 * no source, it cannot be reached or read, or it is too large: the caller
 * keeps the copy it has.
 */
export async function readMetadataSource(): Promise<string | null> {
  const { url, file } = env().authenticatorMetadata
  try {
    if (url) {
      const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' })
      // A redirect may move it, never off TLS (the configured address itself is checked at start).
      if (!response.ok || (response.redirected && !response.url.startsWith('https:'))) return null
      const length = Number(response.headers.get('content-length') ?? 0)
      if (length > MAX_BLOB_BYTES) return null
      const text = await response.text()
      return text.length > MAX_BLOB_BYTES ? null : text
    }
    if (file) {
      if ((await stat(file)).size > MAX_BLOB_BYTES) return null
      return await readFile(file, 'utf8')
    }
  } catch {
    return null
  }
  return null
}
