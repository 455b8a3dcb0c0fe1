import { scimRoute } from '@/lib/actions/scim-route'
import { scimJson } from '@/lib/scim/protocol'
import { deleteUser, patchUser, readUser, replaceUser } from '@/lib/scim/users'

/** One person: read, replace, patch (active: false suspends, true reactivates), delete (deprovisions). */
export const GET = scimRoute({ body: false }, async ({ id, url }) => scimJson(await readUser(id, url)))

export const PUT = scimRoute({ body: true }, async ({ id, body, client, context }) => scimJson(await replaceUser(id, body, { client, context })))

export const PATCH = scimRoute({ body: true }, async ({ id, body, client, context }) => scimJson(await patchUser(id, body, { client, context })))

export const DELETE = scimRoute({ body: false }, async ({ id, client, context }) => {
  await deleteUser(id, { client, context })
  return new Response(null, { status: 204 })
})
