/**
 * A request's body as text, read as it streams and given up past `maxBytes`
 * (declared or actual): null then, so the route answers 413 without holding
 * more than the cap in memory. For the machine-facing routes (SCIM, provider
 * webhooks) that read their body themselves.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) return null
  const reader = request.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined }
    if (next.done) break
    size += next.value.byteLength
    if (size > maxBytes) {
      await reader?.cancel()
      return null
    }
    chunks.push(next.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
