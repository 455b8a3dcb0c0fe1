/** An audit row's `detail` as an object: empty when missing, malformed or not an object (readers never trust its shape). */
export function parseAuditDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {}
  try {
    const parsed: unknown = JSON.parse(detail)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
