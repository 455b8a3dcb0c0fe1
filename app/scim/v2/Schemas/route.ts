import { scimRoute } from '@/lib/actions/scim-route'
import { SCIMMY, scimBase, scimJson } from '@/lib/scim/protocol'

/** The User and Group schemas (RFC 7643 §7). */
export const GET = scimRoute({ body: false }, async () => {
  scimBase()
  return scimJson(await new SCIMMY.Resources.Schema().read())
})
