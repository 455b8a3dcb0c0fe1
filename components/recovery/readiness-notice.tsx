import { ButtonLink } from '@/components/ui/button-link'
import { requestTranslator } from '@/lib/i18n/reader'
import { readinessWords, type Readiness } from '@/lib/recovery/readiness'

/** "Can you get back in?" in one line, with the one thing to do when the answer is no (unless the page asks for it already). */
export async function ReadinessNotice({ readiness, withAction = true }: { readiness: Readiness; withAction?: boolean }) {
  const translator = await requestTranslator()
  const words = readinessWords(readiness, translator)
  const ready = readiness.state === 'ready'
  return (
    <section
      aria-label={translator.t('recovery.readiness.label')}
      data-testid="recovery-readiness"
      className={`mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl border p-4 ${
        ready
          ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100'
          : 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100'
      }`}
    >
      <p className="text-sm font-medium">{words.summary}</p>
      {readiness.state === 'ready' || !withAction ? null : (
        <ButtonLink href={readiness.action.href} variant={readiness.state === 'warning' ? 'primary' : 'secondary'}>
          {words.action}
        </ButtonLink>
      )}
    </section>
  )
}
