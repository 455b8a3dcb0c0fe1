import { scimRoute } from '@/lib/actions/scim-route'
import { scimError, scimJson } from '@/lib/scim/protocol'
import { patchGroup, readGroup } from '@/lib/scim/groups'

const MANAGED_IN_PORTAL = 'Groups are the portal’s policy groups: rename or delete them in the portal; change members with PATCH.'

/** GET: one policy group. PATCH: add or remove members (moves people between groups). */
export const GET = scimRoute({ body: false }, async ({ id, url }) => scimJson(await readGroup(id, url)))

export const PATCH = scimRoute({ body: true }, async ({ id, body, client, context }) => {
  await patchGroup(id, body, { client, context })
  return new Response(null, { status: 204 })
})

export const PUT = scimRoute({ body: false }, async () => scimError(501, null, MANAGED_IN_PORTAL))

export const DELETE = scimRoute({ body: false }, async () => scimError(501, null, MANAGED_IN_PORTAL))
