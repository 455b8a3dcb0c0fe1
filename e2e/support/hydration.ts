import { expect, type Locator } from '@playwright/test'

/**
 * Waits until React has hydrated a control (its props are attached to the
 * element). A form pressed before that posts without JavaScript: the action
 * still runs, but the page comes back drawn afresh, so a result shown by the
 * component that held the form is gone when that component's row is gone.
 */
export async function hydrated(control: Locator): Promise<Locator> {
  await expect.poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactProps')))).toBe(true)
  return control
}
