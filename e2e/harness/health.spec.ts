import { expect, test } from '../fixtures'

test('/healthz says the process is up; /readyz checks the database, its migrations and email, uncached', async ({ request }) => {
  const health = await request.get('/healthz')
  expect(health.status()).toBe(200)
  expect(await health.json()).toEqual({ status: 'ok' })
  const ready = await request.get('/readyz')
  expect(ready.status()).toBe(200)
  expect(ready.headers()['cache-control']).toBe('no-store')
  expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', email: 'ok' } })
})
