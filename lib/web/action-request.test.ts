import { describe, expect, it } from 'vitest'
import { classifyActionRequest } from './action-request'

function form(fields: Record<string, string>): FormData {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

const ACTION = '60d0584c3adeb6a53f5a7d305522712b10bf43f39c'

describe('classifyActionRequest', () => {
  it.each([
    ['JSON reply with a FormData reference', { nextAction: ACTION, form: form({ 0: '[{"status":"idle"},"$K1"]', '1_name': 'Laptop' }), text: null }],
    [
      'JSON reply of plain values',
      {
        nextAction: ACTION,
        form: null,
        text: '[{"status":"error","code":"x","values":{"name":"$$5"}},"$undefined","$D2026-11-22T10:00:00.000Z","$n12","$-0"]',
      },
    ],
    ['no arguments', { nextAction: ACTION, form: null, text: '[]' }],
    [
      'form posted without JavaScript, with bound previous state',
      {
        nextAction: null,
        form: form({
          $ACTION_REF_1: '',
          '$ACTION_1:0': `{"id":"${ACTION}","bound":"$@1"}`,
          '$ACTION_1:1': '[{"status":"idle"}]',
          $ACTION_KEY: 'k0',
          name: '$F1 is only text here',
        }),
        text: null,
      },
    ],
    ['form posted without JavaScript, by action id', { nextAction: null, form: form({ [`$ACTION_ID_${ACTION}`]: '', name: 'x' }), text: null }],
  ])('lets through %s', (_label, input) => {
    expect(classifyActionRequest(input)).toBe('plain')
  })

  it.each([
    ['a body that is not JSON', { nextAction: ACTION, form: null, text: '{{{' }],
    ['a JSON object instead of the argument list', { nextAction: ACTION, form: null, text: '{"a":1}' }],
    ['a server reference', { nextAction: ACTION, form: null, text: '["$F1"]' }],
    ['a path into another part (the CVE-2025-55182 shape)', { nextAction: ACTION, form: form({ 0: '["$1:__proto__:then"]', 1: '{}' }), text: null }],
    ['a prototype key', { nextAction: ACTION, form: null, text: '[{"__proto__":{"then":"x"}}]' }],
    ['a promise reference from the JavaScript client', { nextAction: ACTION, form: null, text: '["$@1"]' }],
    ['a Map, a Set, a Blob, a stream, a temporary reference', { nextAction: ACTION, form: null, text: '["$Q1","$W1","$B1","$R1","$T"]' }],
    ['deep nesting', { nextAction: ACTION, form: null, text: `${'['.repeat(40)}${']'.repeat(40)}` }],
    ['multipart without the argument list', { nextAction: ACTION, form: form({ x: '1' }), text: null }],
    ['multipart whose argument list is not JSON', { nextAction: ACTION, form: form({ 0: 'nope' }), text: null }],
    [
      'a bound argument that is not JSON (no JavaScript)',
      { nextAction: null, form: form({ $ACTION_REF_1: '', '$ACTION_1:0': `{"id":"${ACTION}","bound":"$@1"}`, '$ACTION_1:1': '{{{' }), text: null },
    ],
    [
      'a bound argument with a server reference (no JavaScript)',
      { nextAction: null, form: form({ $ACTION_REF_1: '', '$ACTION_1:0': `{"id":"${ACTION}","bound":"$@1"}`, '$ACTION_1:1': '["$F2"]' }), text: null },
    ],
  ])('refuses %s', (_label, input) => {
    expect(classifyActionRequest(input)).toBe('refused')
  })

  it('leaves other requests alone', () => {
    expect(classifyActionRequest({ nextAction: null, form: form({ name: 'x' }), text: null })).toBe('not_an_action')
    expect(classifyActionRequest({ nextAction: null, form: null, text: '{"json":"for an API route"}' })).toBe('not_an_action')
  })
})
