import { scimRoute } from '@/lib/actions/scim-route'
import { SCIMMY, scimBase, scimJson } from '@/lib/scim/protocol'

/** One resource type by its name. */
export const GET = scimRoute({ body: false }, async ({ id }) => {
  scimBase()
  return scimJson(await new SCIMMY.Resources.ResourceType(id).read())
})
