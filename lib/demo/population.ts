/** The demo organisation's raw material: a seeded generator, names, and passkey providers. */

/** mulberry32: a small deterministic generator; the same seed gives the same organisation. */
export function generator(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return { next, chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! }
}

export const FIRST = [
  'Amara',
  'Bruno',
  'Chloé',
  'Dev',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luca',
  'Maya',
  'Nils',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tariq',
]
export const LAST = ['Adeyemi', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Lind']

/** Providers by AAGUID (from the bundled list), whether their passkeys sync, and the system and browser (the parser's names) they are made on. */
export const PROVIDERS = [
  { aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', name: 'Google Password Manager', synced: true, weight: 30, os: 'Android', browser: 'Chrome' },
  { aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', name: 'Apple Passwords', synced: true, weight: 25, os: 'iOS', browser: 'Safari' },
  { aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', name: 'Windows Hello', synced: false, weight: 20, os: 'Windows', browser: 'Microsoft Edge' },
  { aaguid: 'bada5566-a7aa-401f-bd96-45619a55120d', name: '1Password', synced: true, weight: 12, os: 'macOS', browser: 'Chrome' },
  { aaguid: 'd548826e-79b4-db40-a3d8-11116f7e8349', name: 'Bitwarden', synced: true, weight: 5, os: 'Linux', browser: 'Firefox' },
  { aaguid: '00000000-0000-0000-0000-000000000000', name: 'Security key', synced: false, weight: 8, os: 'Windows', browser: 'Chrome' },
] as const
