import { Card, PageHeading } from './ui/card'

/** For account sections whose feature has not shipped yet. */
export function ComingSoon({ title, description, detail }: { title: string; description: string; detail: string }) {
  return (
    <>
      <PageHeading title={title} description={description} />
      <Card>
        <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">Coming soon</p>
        <p className="mt-2 text-zinc-700 dark:text-zinc-300">{detail}</p>
      </Card>
    </>
  )
}
