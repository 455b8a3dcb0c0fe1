import { jsonRoute } from '@/lib/actions/pipeline'
import { readerSession } from '@/lib/auth/dal'
import { commandGuide, readGuide } from '@/lib/demo/guide/guide'
import { guideCommandSchema } from '@/lib/demo/guide/state'
import { adoptReader } from '@/lib/i18n/reader'
import { jsonError, jsonOk } from '@/lib/web/json-route'

/** The guide speaks as the page around it: the signed-in person's saved language and zone, else the browser's. */
const adoptPageReader = async () => adoptReader(await readerSession())

/** The demo guide (demo mode only, a 404 anywhere else): its state for this browser, read as it polls. */
export const GET = jsonRoute({ guard: 'public', schema: null, background: true }, async ({ ctx }) => {
  await adoptPageReader()
  const view = await readGuide(ctx)
  return view ? jsonOk(view) : jsonError('not_found', 404)
})

/** Opens, closes, starts or ends a tour: a cookie on this browser, nothing else. */
export const POST = jsonRoute({ guard: 'public', schema: guideCommandSchema }, async ({ data, ctx }) => {
  await adoptPageReader()
  const view = await commandGuide(data, ctx)
  return view ? jsonOk(view) : jsonError('not_found', 404)
})
