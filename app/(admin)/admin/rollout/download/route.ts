import { z } from 'zod'
import { downloadRoute } from '@/lib/actions/pipeline'
import { requestTranslator } from '@/lib/i18n/reader'
import { rolloutDownload } from '@/lib/rollout/download'
import { rolloutFilterSchema } from '@/lib/rollout/period'
import { FIGURE_IDS } from '@/lib/rollout/view'
import { downloadResponse } from '@/lib/web/download'

/**
 * GET ?figure=…&range=…: one of the dashboard's tables as CSV, with the same
 * period and group, built by the same code as the table on the page, in the
 * reader's language and zone.
 */
export const GET = downloadRoute(
  { guard: 'admin', page: '/admin/rollout', query: rolloutFilterSchema.extend({ figure: z.enum(FIGURE_IDS) }) },
  async ({ data }) => {
    const translator = await requestTranslator()
    const file = await rolloutDownload(data, translator)
    if (!file.ok) return new Response(translator.t('rollout.download.chooseGroup'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
    return downloadResponse(file.csv, file.filename, 'text/csv; charset=utf-8')
  },
)
