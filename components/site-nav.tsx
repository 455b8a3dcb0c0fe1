import { getTranslations } from 'next-intl/server'
import { SiteNavMenu, type NavGroup } from './site-nav-menu'

type Key =
  | 'overview'
  | 'passkeys'
  | 'recovery'
  | 'activity'
  | 'sessions'
  | 'profile'
  | 'people'
  | 'helpdeskRecovery'
  | 'rollout'
  | 'policies'
  | 'authenticators'
  | 'reports'
  | 'auditLog'
  | 'apps'

const ACCOUNT: { href: string; key: Key }[] = [
  { href: '/account', key: 'overview' },
  { href: '/account/passkeys', key: 'passkeys' },
  { href: '/account/recovery', key: 'recovery' },
  { href: '/account/activity', key: 'activity' },
  { href: '/account/sessions', key: 'sessions' },
  { href: '/account/profile', key: 'profile' },
]
const HELPDESK: { href: string; key: Key }[] = [
  { href: '/admin/people', key: 'people' },
  { href: '/admin/recovery', key: 'helpdeskRecovery' },
]
const ADMIN: { href: string; key: Key }[] = [
  { href: '/admin/rollout', key: 'rollout' },
  { href: '/admin/policies', key: 'policies' },
  { href: '/admin/authenticators', key: 'authenticators' },
  { href: '/admin/reports', key: 'reports' },
  { href: '/admin/audit', key: 'auditLog' },
  { href: '/admin/apps', key: 'apps' },
]

/**
 * The portal's one navigation: the account's pages, and the admin pages for
 * those who may see them (the pages check the role again), in the reader's
 * language. The menu itself (components/site-nav-menu.tsx) gets its words
 * from here.
 */
export async function SiteNav({ role }: { role: 'user' | 'helpdesk' | 'admin' }) {
  const t = await getTranslations('common.nav')
  const links = (entries: { href: string; key: Key }[]) => entries.map(({ href, key }) => ({ href, label: t(key) }))
  const groups: NavGroup[] = [
    { label: t('yourAccount'), links: links(ACCOUNT) },
    ...(role === 'helpdesk' || role === 'admin' ? [{ label: t('administration'), links: links(role === 'admin' ? [...HELPDESK, ...ADMIN] : HELPDESK) }] : []),
  ]
  return <SiteNavMenu groups={groups} labels={{ navigation: t('label'), menu: t('menu') }} />
}
