/** The part of html-to-text 10 the portal uses (the package ships no types): a converter compiled once. */
declare module 'html-to-text' {
  export type SelectorDefinition = { selector: string; format?: string; options?: Record<string, unknown> }
  export function compile(options: { wordwrap?: number | false; selectors?: SelectorDefinition[] }): (html: string) => string
}
