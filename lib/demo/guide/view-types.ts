import type { GuideSegment } from './segments'
import type { TourId } from './tours'

/** One step as the guide shows it: what to do, and once done, what happened (both read from the records). */
export type GuideStepView = { label: string; status: 'done' | 'current' | 'later'; statusText: string; todo: GuideSegment[]; happened: GuideSegment[] | null }

/** The guide as a page draws it (a DTO: words in the reader's language, times in their zone). */
export type GuideView = {
  open: boolean
  tours: { id: TourId; title: string; summary: string; startLabel: string }[]
  tour: { id: TourId; title: string; steps: GuideStepView[]; finished: boolean } | null
  words: {
    heading: string
    show: string
    close: string
    intro: string
    start: string
    leave: string
    happened: string
    waiting: string
    finished: string
    another: string
  }
}
