/**
 * Server actions are public POST endpoints whose arguments React decodes from
 * its own reply format (ReactFlightReplyServer). A body that format cannot
 * parse makes the decoder throw before any action runs, which Next.js answers
 * with a 500; and the format can ask the server for much more than our forms
 * ever send (server references, promises, streams, Maps, temporary references).
 * That decoder is attack surface (CVE-2025-55182 was in it), so the proxy lets
 * through only the plain shapes our forms produce: JSON arrays of plain values,
 * FormData references, and for forms posted without JavaScript, the action's
 * bound arguments.
 */

/** Plain values as encodeReply writes them: an escaped "$", undefined, FormData, Date, BigInt and special numbers. */
const PLAIN_TOKEN = /^\$(?:\$|undefined$|K[0-9a-f]{1,8}$|D\d{4}-|n-?\d{1,40}$|NaN$|Infinity$|-Infinity$|-0$)/
/** A form posted without JavaScript names its action's bound arguments with this reference. */
const BOUND_ARGUMENTS = /^\$@[0-9a-f]{1,8}$/
/** Our action states are a few levels deep; the decoder walks values recursively. */
const MAX_DEPTH = 16

export type ActionRequestVerdict = 'not_an_action' | 'plain' | 'refused'

/** True when every string in a decoded JSON value is plain data (see PLAIN_TOKEN), within MAX_DEPTH. */
function isPlainValue(root: unknown, allowBound: boolean): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }]
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!
    if (depth > MAX_DEPTH) return false
    if (typeof value === 'string') {
      if (value.startsWith('$') && !PLAIN_TOKEN.test(value) && !(allowBound && BOUND_ARGUMENTS.test(value))) return false
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push({ value: item, depth: depth + 1 })
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // Our states never use these; known exploits of the decoder walk prototypes through them.
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false
        pending.push({ value: item, depth: depth + 1 })
      }
    }
  }
  return true
}

function parsesPlain(text: unknown, { root, allowBound }: { root: 'array' | 'any'; allowBound: boolean }): boolean {
  if (typeof text !== 'string') return false
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return false
  }
  if (root === 'array' && !Array.isArray(value)) return false
  return isPlainValue(value, allowBound)
}

/**
 * Classifies a POST body: not an action call at all, a plain action call, or
 * one to refuse with 400. `nextAction` is the Next-Action header (set by the
 * JavaScript client); `form` is the parsed multipart body, if it was one;
 * `text` is the body otherwise.
 */
export function classifyActionRequest(input: { nextAction: string | null; form: FormData | null; text: string | null }): ActionRequestVerdict {
  const { nextAction, form, text } = input
  if (nextAction !== null) {
    // The JavaScript client: the arguments are JSON in the body, or in field "0" of a multipart body.
    if (form) return parsesPlain(form.get('0'), { root: 'array', allowBound: false }) ? 'plain' : 'refused'
    return parsesPlain(text, { root: 'array', allowBound: false }) ? 'plain' : 'refused'
  }
  if (!form) return 'not_an_action'
  let isAction = false
  for (const name of form.keys()) {
    if (!name.startsWith('$ACTION_')) continue
    isAction = true
    // $ACTION_<n>:<m> fields hold the action's id and its bound arguments (e.g. useActionState's previous state).
    if (/^\$ACTION_\d+:\d+$/.test(name) && !parsesPlain(form.get(name), { root: 'any', allowBound: name.endsWith(':0') })) return 'refused'
  }
  return isAction ? 'plain' : 'not_an_action'
}
