import { getTranslations } from 'next-intl/server'
import type { userAgentParts } from '@/lib/user-agent'
import { data } from '@/components/ui/data'

type Position = 'start' | 'other'
type UserAgentParts = ReturnType<typeof userAgentParts>

/**
 * "Chrome on macOS", "An unknown browser on Windows": the browser and system
 * are the products' own names, the words around them are ours. `start` when
 * the name begins a heading or sentence (the unknown browser is capitalised).
 */
export async function DeviceName({ device, position = 'other' }: { device: UserAgentParts; position?: Position }) {
  const t = await getTranslations('account.device')
  const { browser, system } = device
  if (browser && system) return t.rich('known', { browser, system, data })
  if (browser) return data(browser)
  if (system) return t.rich('unknownOn', { system, position, data })
  return t('unknown', { position })
}

/** The same as plain text, for an accessible name. */
export async function deviceText({ browser, system }: UserAgentParts, position: Position = 'other'): Promise<string> {
  const t = await getTranslations('account.device')
  const plain = { data: (chunks: string) => chunks }
  if (browser && system) return t.markup('known', { browser, system, ...plain })
  if (browser) return browser
  if (system) return t.markup('unknownOn', { system, position, ...plain })
  return t('unknown', { position })
}
