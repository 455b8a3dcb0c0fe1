import type { GuideView } from '@/lib/demo/guide/view-types'
import { GuideSentence } from './guide-segments'

type Tour = NonNullable<GuideView['tour']>

const STATUS = {
  done: 'border-emerald-300 dark:border-emerald-700',
  current: 'border-indigo-400 dark:border-indigo-500',
  later: 'border-zinc-200 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300',
}

/** A tour's steps: each says what to do and, once the records show it done, what just happened. */
export function GuideTour({ tour, words, onLeave }: { tour: Tour; words: GuideView['words']; onLeave: () => void }) {
  return (
    <div>
      <h3 className="font-semibold" data-testid="guide-tour">
        {tour.title}
      </h3>
      <ol className="mt-2 space-y-3">
        {tour.steps.map((step, index) => (
          <li
            key={index}
            data-status={step.status}
            aria-current={step.status === 'current' ? 'step' : undefined}
            className={`border-s-4 ps-3 ${STATUS[step.status]}`}
          >
            <p className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
              {step.label} · <span data-testid="guide-step-status">{step.statusText}</span>
            </p>
            <p data-guide="todo" className="mt-1">
              <GuideSentence segments={step.todo} />
            </p>
            {step.happened ? (
              <div className="mt-2 rounded-md bg-emerald-50 p-2 dark:bg-emerald-950/40">
                <p className="text-xs font-semibold text-emerald-900 dark:text-emerald-200">{words.happened}</p>
                <p data-guide="happened" className="mt-1">
                  <GuideSentence segments={step.happened} />
                </p>
              </div>
            ) : step.status === 'current' ? (
              <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{words.waiting}</p>
            ) : null}
          </li>
        ))}
      </ol>
      {/* Polite: the newest "what just happened" is read out once, when the records show the step done. */}
      <p aria-live="polite" className="sr-only">
        {[...tour.steps]
          .reverse()
          .find((step) => step.happened)
          ?.happened?.map((segment) => segment.text)
          .join('') ?? ''}
      </p>
      {tour.finished ? (
        <p className="mt-3 font-medium" data-testid="guide-finished">
          {words.finished}
        </p>
      ) : null}
      <button
        type="button"
        onClick={onLeave}
        className="mt-3 text-sm font-semibold text-indigo-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-offset-2 dark:text-indigo-300"
      >
        {tour.finished ? words.another : words.leave}
      </button>
    </div>
  )
}
