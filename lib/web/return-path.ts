/** Only same-origin paths are accepted as places to return to after sign-in. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 512) return null
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  if (/[\u0000-\u001f\\]/.test(value)) return null
  return value
}
