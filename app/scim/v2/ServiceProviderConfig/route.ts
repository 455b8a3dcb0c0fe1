import { scimRoute } from '@/lib/actions/scim-route'
import { SCIMMY, scimBase, scimJson } from '@/lib/scim/protocol'

/** What this SCIM server supports (RFC 7643 §5). */
export const GET = scimRoute({ body: false }, async () => {
  scimBase()
  return scimJson(await new SCIMMY.Resources.ServiceProviderConfig().read())
})
