import { scimRoute } from '@/lib/actions/scim-route'
import { scimJson } from '@/lib/scim/protocol'
import { createUser, listUsers } from '@/lib/scim/users'

/** GET: a page of people, or the one a userName / externalId / id eq filter names. POST: invite a new person. */
export const GET = scimRoute({ body: false }, async ({ url }) => scimJson(await listUsers(url)))

export const POST = scimRoute({ body: true }, async ({ body, client, context }) => {
  const user = await createUser(body, { client, context })
  return scimJson(user, 201, { Location: user.meta.location ?? '' })
})
