import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { APP } from './servers'

/** The id of a server action in the production build the suite runs against, by its file and exported name. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>
  }
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName)
  if (!found) throw new Error(`no server action ${exportedName} in ${file}`)
  return found[0]
}

export type ActionPart = [name: string, value: string | { name: string; mimeType: string; buffer: Buffer }]

/** A text body, or multipart parts in order (the server reads them as they stream in, so order matters). */
export type ActionBody = { text: string } | { parts: ActionPart[] }

/** Calls a server action the way React's client does (Next-Action header), with any body at all. */
export function callAction(request: APIRequestContext, page: string, id: string, body: ActionBody): Promise<APIResponse> {
  const headers = { 'next-action': id, origin: APP.url, accept: 'text/x-component' }
  if ('text' in body) return request.post(page, { data: body.text, headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' }, maxRedirects: 0 })
  const multipart = new FormData()
  for (const [name, value] of body.parts) {
    multipart.append(name, typeof value === 'string' ? value : new File([new Uint8Array(value.buffer)], value.name, { type: value.mimeType }))
  }
  return request.post(page, { multipart, headers, maxRedirects: 0 })
}
