import { scimRoute } from '@/lib/actions/scim-route'
import { SCIMMY, scimBase, scimJson } from '@/lib/scim/protocol'

/** The resource types served: User and Group (RFC 7643 §6). */
export const GET = scimRoute({ body: false }, async () => {
  scimBase()
  return scimJson(await new SCIMMY.Resources.ResourceType().read())
})
