import net from 'node:net'

/**
 * A client for Marionette, Firefox's own remote protocol (the one geckodriver
 * translates WebDriver classic into). Debian ships no geckodriver, and
 * WebDriver BiDi has no WebAuthn module yet, so the engine suite opens the
 * session here, which gives it the virtual authenticator commands of the
 * WebAuthn WebDriver extension (WebAuthn L3 §11), and hands that session's
 * BiDi socket to Puppeteer for everything else.
 *
 * Wire format: "<byte length>:<JSON>"; a command is [0, id, name, params],
 * its answer [1, id, error, result]; the server greets first with an object.
 */
export type Marionette = {
  send: <T = unknown>(name: string, params?: Record<string, unknown>) => Promise<T>
  close: () => void
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

export async function connectMarionette(port: number): Promise<Marionette> {
  const socket = net.connect(port, '127.0.0.1')
  socket.setEncoding('utf8')
  const pending = new Map<number, Pending>()
  let greeted: () => void = () => {}
  const greeting = new Promise<void>((resolve) => (greeted = resolve))
  let buffer = ''
  let nextId = 1

  socket.on('data', (chunk: string) => {
    buffer += chunk
    for (;;) {
      const colon = buffer.indexOf(':')
      if (colon < 0) return
      const length = Number(buffer.slice(0, colon))
      // Lengths count bytes; the buffer holds characters, so compare in bytes.
      const rest = Buffer.from(buffer.slice(colon + 1), 'utf8')
      if (rest.length < length) return
      const message = JSON.parse(rest.subarray(0, length).toString('utf8')) as unknown
      buffer = rest.subarray(length).toString('utf8')
      if (!Array.isArray(message)) {
        greeted()
        continue
      }
      const [, id, error, result] = message as [number, number, { error: string; message: string } | null, unknown]
      const waiter = pending.get(id)
      pending.delete(id)
      if (error) waiter?.reject(new Error(`Marionette: ${error.error}: ${error.message}`))
      else waiter?.resolve(result)
    }
  })
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('Marionette: connection closed'))
    pending.clear()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  await greeting

  return {
    send: <T>(name: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        const body = JSON.stringify([0, id, name, params])
        socket.write(`${Buffer.byteLength(body)}:${body}`)
      }),
    close: () => socket.destroy(),
  }
}
