/** Waits until a URL answers 200 (at most three minutes): `tsx e2e/support/wait-for.ts <url>`. */
export {}
const url = process.argv[2]
if (!url) throw new Error('usage: wait-for.ts <url>')
const deadline = Date.now() + 180_000
for (;;) {
  try {
    if ((await fetch(url)).ok) break
  } catch {
    // not up yet
  }
  if (Date.now() > deadline) throw new Error(`${url} did not answer in time`)
  await new Promise((resolve) => setTimeout(resolve, 500))
}
