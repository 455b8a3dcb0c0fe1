import { scimRoute } from '@/lib/actions/scim-route'
import { SCIMMY, scimBase, scimJson } from '@/lib/scim/protocol'

/** One schema by its URN. */
export const GET = scimRoute({ body: false }, async ({ id }) => {
  scimBase()
  return scimJson(await new SCIMMY.Resources.Schema(id).read())
})
