import { scimRoute } from '@/lib/actions/scim-route'
import { scimError, scimJson } from '@/lib/scim/protocol'
import { listGroups } from '@/lib/scim/groups'

/** GET: the policy groups (a displayName or id eq filter names one). POST: groups are created in the portal. */
export const GET = scimRoute({ body: false }, async ({ url }) => scimJson(await listGroups(url)))

export const POST = scimRoute({ body: false }, async () => scimError(501, null, 'Groups are the portal’s policy groups: create them in the portal.'))
