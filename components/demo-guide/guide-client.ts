import type { GuideCommand } from '@/lib/demo/guide/state'
import type { GuideView } from '@/lib/demo/guide/view-types'

const GUIDE_URL = '/api/demo/guide'

/** Reads the guide, or sends it a command; null when the server could not be reached or refused. */
export async function fetchGuide(command?: GuideCommand): Promise<GuideView | null> {
  try {
    const response = await fetch(GUIDE_URL, {
      method: command ? 'POST' : 'GET',
      headers: command ? { 'Content-Type': 'application/json' } : undefined,
      body: command ? JSON.stringify(command) : undefined,
      cache: 'no-store',
    })
    return response.ok ? ((await response.json()) as GuideView) : null
  } catch {
    // Offline or the server restarting: the caller keeps what it last read.
    return null
  }
}
