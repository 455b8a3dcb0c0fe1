'use server'

import { revalidatePath } from 'next/cache'
import { getTranslations } from 'next-intl/server'
import { z } from 'zod'
import { defineAction } from '@/lib/actions/pipeline'
import { changeAppGroups } from '@/lib/oidc/app-groups'
import { appInputSchema, disableApp, registerApp, replaceAppSecret } from '@/lib/oidc/apps'
import { actionError, type ActionState } from '@/lib/web/action-state'

// Registering an app lets it sign people in and read who they are: administrators only, with a fresh confirmation.
const PAGE = '/admin/apps'

type AppField =
  'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri' | 'clientType' | 'firstParty' | 'allowedGroups' | 'minimumLevel' | 'signingAlg'

/** The form's state; once registered, the client id and (for a server-side app) its secret, shown this once. */
export type RegisterAppState = ActionState<AppField> | { status: 'registered'; message: string; clientId: string; secret: string | null }

/** Registers an app. Its secret is in this answer only; the database keeps its hash. */
export const registerAppAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: {
      name: { error: 'app_name', echo: 200 },
      redirectUris: { error: 'app_redirect_uris', echo: 5_000 },
      postLogoutRedirectUris: { error: 'app_logout_uris', echo: 5_000 },
      backchannelLogoutUri: { error: 'app_backchannel_uri', echo: 500 },
      clientType: {},
      firstParty: {},
      deviceSignIn: {},
      refreshOutlivesSession: {},
      allowedGroups: { error: 'app_groups', many: true },
      minimumLevel: {},
      signingAlg: {},
    },
    schema: appInputSchema,
  },
  async ({ data, typed, session, ctx }): Promise<RegisterAppState> => {
    const registered = await registerApp(data, session, ctx)
    if (!registered.ok) return actionError(registered.reason, { field: 'allowedGroups', values: typed })
    revalidatePath(PAGE)
    const t = await getTranslations('admin.apps.done')
    return { status: 'registered', message: t('registered', { name: registered.app.name }), clientId: registered.app.id, secret: registered.secret }
  },
)

const appId = { fields: { clientId: {} }, schema: z.object({ clientId: z.string().min(1).max(100) }), invalid: 'app_not_found' } as const

export type AppSecretState = ActionState | { status: 'secret'; secret: string }

/** A new secret for a server-side app; the old one stops working at once. */
export const replaceAppSecretAction = defineAction(
  { guard: 'admin-recently-verified', page: PAGE, ...appId },
  async ({ data, ctx }): Promise<AppSecretState> => {
    const replaced = await replaceAppSecret(data, ctx)
    return replaced.ok ? { status: 'secret', secret: replaced.secret } : actionError(replaced.reason)
  },
)

/** Turns an app off: nobody can sign in to it any more, and its grants and tokens are revoked. */
export const disableAppAction = defineAction({ guard: 'admin-recently-verified', page: PAGE, ...appId }, async ({ data, ctx }): Promise<ActionState> => {
  const disabled = await disableApp(data, ctx)
  if (!disabled.ok) return actionError(disabled.reason)
  revalidatePath(PAGE)
  const t = await getTranslations('admin.apps.done')
  return { status: 'success', message: t('turnedOff', { name: disabled.name }) }
})

/** Changes who may use an app; people outside the new groups lose its grants and tokens at once. */
export const changeAppGroupsAction = defineAction(
  {
    guard: 'admin-recently-verified',
    page: PAGE,
    fields: { clientId: {}, allowedGroups: { error: 'app_groups', many: true } },
    schema: z.object({ clientId: appId.schema.shape.clientId, allowedGroups: appInputSchema.shape.allowedGroups }),
    invalid: 'app_not_found',
  },
  async ({ data, ctx }): Promise<ActionState> => {
    const outcome = await changeAppGroups(data, ctx)
    if (!outcome.ok) return actionError(outcome.reason)
    revalidatePath(PAGE)
    const t = await getTranslations('admin.apps.done')
    return { status: 'success', message: t('groupsSaved', { name: outcome.name, count: outcome.revokedPeople }) }
  },
)
