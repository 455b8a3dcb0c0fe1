/**
 * The share of a group's active people who should have a passkey in each
 * workforce phase (the rollout guidance this product follows): phase 2,
 * 30–45%; phase 3, 60–75%; phase 4, 80% or more. Phase 1 and the customer
 * tiers set no target.
 */
const TARGETS: Record<string, { min: number; max: number | null }> = {
  'workforce-2': { min: 30, max: 45 },
  'workforce-3': { min: 60, max: 75 },
  'workforce-4': { min: 80, max: null },
}

/** A phase's target in percent (`max` null: no upper bound), and where a group stands against it. */
export type TargetStatus = { min: number; max: number | null; status: 'below' | 'on_target' | 'ahead' } | null

/** How a group's enrolment compares with its phase's target, or null when the phase sets none. */
export function againstTarget(preset: string | null, enrolled: number, active: number): TargetStatus {
  const target = preset ? TARGETS[preset] : undefined
  if (!target || active === 0) return null
  const share = (enrolled / active) * 100
  return { min: target.min, max: target.max, status: share < target.min ? 'below' : target.max !== null && share > target.max ? 'ahead' : 'on_target' }
}
