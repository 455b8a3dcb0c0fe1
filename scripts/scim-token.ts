import { hashScimToken, newScimToken } from '../lib/scim/tokens'

/**
 * `npm run scim:token -- "HR system"`: makes a SCIM bearer token and prints
 * it (give it to the client once) and the pair to add to SCIM_TOKENS.
 */
const name = process.argv.slice(2).join(' ').trim()
if (!name || name.length > 60 || /[,:]/.test(name)) {
  console.error('Give the client a name of 1 to 60 characters without commas or colons, e.g. npm run scim:token -- "HR system"')
  process.exit(1)
}
const token = newScimToken()
console.log(`Token for ${name} (shown once; give it to the client as its bearer token):\n  ${token}\n`)
console.log(`Add to SCIM_TOKENS (comma-separated with any others):\n  ${name}:${hashScimToken(token)}`)
