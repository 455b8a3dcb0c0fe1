export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,export {}', shortCircuit: true }
  return nextResolve(specifier, context)
}

// The message catalogues are JSON modules (lib/i18n/catalogue.ts); Node.js loads JSON only when the import says so,
// which bundlers don't need. Outside Next.js, every .json import is read as JSON.
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json')) return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
  return nextLoad(url, context)
}
