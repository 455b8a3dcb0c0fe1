import 'server-only'
import { env } from '../../env'
import { ambientTranslator } from '../../i18n/ambient'
import type { Translator } from '../../i18n/translator'
import type { UseCaseContext } from '../../use-case'
import { nextGuideState, readGuideState, writeGuideState, type GuideCommand } from './state'
import { guideView } from './view'
import type { GuideView } from './view-types'

/** This browser's guide, in the reader's words; null outside demo mode. Reads only: a page view writes nothing. */
export async function readGuide(ctx: Pick<UseCaseContext, 'cookies'>, translator: Translator = ambientTranslator()): Promise<GuideView | null> {
  return guideView(readGuideState(ctx.cookies), translator)
}

/** Opens or closes the guide, starts or ends a tour (the cookie only); null outside demo mode, where nothing is written. */
export async function commandGuide(command: GuideCommand, ctx: Pick<UseCaseContext, 'cookies'>, now = new Date()): Promise<GuideView | null> {
  if (!env().demoMode) return null
  const state = nextGuideState(readGuideState(ctx.cookies, now), command, now)
  writeGuideState(ctx.cookies, state)
  return guideView(state, ambientTranslator())
}
