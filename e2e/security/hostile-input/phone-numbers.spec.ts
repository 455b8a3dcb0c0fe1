import { randomBytes } from 'node:crypto'
import { db } from '../../../lib/db'
import { expect, test } from '../../fixtures'
import { actionId } from '../../support/server-actions'
import { ACTIONS, expectCleanAnswers, file, protocolRows, stateAndForm, type ActionBody, type Expected, type Field } from './rows'

/** Phone numbers as an attacker types them: each is refused as not a number before anything is looked up or texted. */
const hostileNumbers = (field: (phone: Field) => ActionBody): [string, ActionBody, Expected][] => [
  ['a file as the number', field(file('+447400123456')), { code: 'phone_invalid' }],
  ['no number', stateAndForm({}), { code: 'phone_invalid' }],
  ['a number of 10,000 digits', field('7'.repeat(10_000)), { code: 'phone_invalid' }],
  ['HTML as the number', field('<img src=x onerror=alert(1)>'), { code: 'phone_invalid' }],
  ['SQL as the number', field("+44' OR '1'='1"), { code: 'phone_invalid' }],
  ['Arabic-Indic digits', field('+٤٤٧٤٠٠١٢٣٤٥٦'), { code: 'phone_invalid' }],
  ['fullwidth digits', field('+４４７４００１２３４５６'), { code: 'phone_invalid' }],
  ['a control character', field('+44740\u00000123456'), { code: 'phone_invalid' }],
  ['a right-to-left override', field('\u202e+447400123456'), { code: 'phone_invalid' }],
  ['an extension', field('+44 7400 123456 ext 9'), { code: 'phone_invalid' }],
  ['two numbers', field('+447400123456,+447400654321'), { code: 'phone_invalid' }],
  ['a number too short to exist', field('+44 74'), { code: 'phone_invalid' }],
  ['a premium-rate number', field('+1 900 555 0100'), { code: 'phone_not_mobile' }],
  ['a fixed line', field('+44 20 7946 0958'), { code: 'phone_not_mobile' }],
  ['a mobile in a country the site does not text', field('+49 1512 3456789'), { code: 'phone_country' }],
]

test('hostile phone numbers and codes to the text-message sign-in get a clean error state or 4xx, and no text goes out', async ({ request }) => {
  const phone = (value: Field) => stateAndForm({ phone: value })
  await expectCleanAnswers(request, '/sign-in/sms', actionId(ACTIONS.sms, 'requestTextSignInAction'), 'requestTextSignInAction', [
    ...protocolRows(true),
    ...hostileNumbers(phone),
    ['a return path of 600 characters', stateAndForm({ phone: '+447400100200', returnTo: `/${'a'.repeat(600)}` }), { code: 'bad_request' }],
  ])
  await expectCleanAnswers(request, '/sign-in/sms/code', actionId(ACTIONS.sms, 'verifyTextAction'), 'verifyTextAction', [
    ...protocolRows(true),
    ['a file as the code', stateAndForm({ code: file('123456') }), { code: 'text_code_format' }],
    ['fullwidth digits', stateAndForm({ code: '１２３４５６' }), { code: 'text_code_format' }],
    ['a code of 10,000 characters', stateAndForm({ code: '1'.repeat(10_000) }), { code: 'text_code_format' }],
    ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
  ])
  await expectCleanAnswers(request, '/sign-in/sms/code', actionId(ACTIONS.sms, 'resendTextAction'), 'resendTextAction', protocolRows(true))
  expect(await db().smsChallenge.count({ where: { phone: { in: ['+447400123456', '+19005550100', '+4915123456789'] } } })).toBe(0)
})

test('hostile input to the phone card gets a clean error state or 4xx; a group without texts is refused, and nothing is stored', async ({
  context,
  user,
  signIn,
}) => {
  await signIn(context)
  const phone = (value: Field) => stateAndForm({ phone: value })
  const send = actionId(ACTIONS.phone, 'sendPhoneCodeAction')
  await expectCleanAnswers(context.request, '/account/recovery', send, 'sendPhoneCodeAction', [
    ...protocolRows(true),
    // What the form refuses as it reads it (the rest needs a group that allows texts, below).
    ...hostileNumbers(phone).filter(
      ([label, , expected]) => 'code' in expected && expected.code === 'phone_invalid' && label !== 'a number too short to exist',
    ),
    // The person's group does not allow texts: refused before any number is looked at.
    ['a good number in a group without texts', phone('+44 7400 100300'), { code: 'method_sms_not_allowed' }],
  ])
  const group = await db().group.create({
    data: { name: `Texts ${randomBytes(3).toString('hex')}`, policy: JSON.stringify({ sms: { purposes: ['sign_in'] } }) },
  })
  await db().user.update({ where: { id: user.id }, data: { groupId: group.id } })
  try {
    await expectCleanAnswers(context.request, '/account/recovery', send, 'sendPhoneCodeAction', hostileNumbers(phone))
    await expectCleanAnswers(context.request, '/account/recovery', actionId(ACTIONS.phone, 'confirmPhoneAction'), 'confirmPhoneAction', [
      ...protocolRows(true),
      ['letters as the code', stateAndForm({ code: 'abcdef' }), { code: 'text_code_format' }],
      ['a code with no request behind it', stateAndForm({ code: '123456' }), { code: 'request_gone' }],
    ])
    await expectCleanAnswers(context.request, '/account/recovery', actionId(ACTIONS.phone, 'removePhoneAction'), 'removePhoneAction', protocolRows(true))
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { phone: true } })).toEqual({ phone: null })
    expect(await db().smsChallenge.count({ where: { userId: user.id } })).toBe(0)
  } finally {
    await db().user.update({ where: { id: user.id }, data: { groupId: 'customers' } })
    await db().group.delete({ where: { id: group.id } })
  }
})
