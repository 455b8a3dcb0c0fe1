import { Button, Heading, Img, Text } from '@react-email/components'
import { render } from '@react-email/render'
import { describe, expect, it } from 'vitest'
import { renderEmail } from './render'
import { EmailLayout, buttonStyle, headingStyle, textStyle } from './templates/layout'

/** React's hydration markers (<!--$-->, <!--/$-->, <!-- -->, <!--html-->…), which only the streaming renderer writes. */
const withoutReactComments = (html: string) => html.replace(/<!--[^>]*-->/g, '')

describe('renderEmail', () => {
  const element = (
    <EmailLayout locale="en" appName="Acme Login" preview="Your code, valid for 10 minutes" footer="Footer">
      <Heading as="h1" style={headingStyle}>
        Sign in to Acme Login
      </Heading>
      <Text style={textStyle}>{'Requested from Ada <script> & co at about 14:22.'}</Text>
      <Button href="https://login.acme.test/sign-in/link?token=a&b" style={buttonStyle}>
        Sign in
      </Button>
      <Img src="https://login.acme.test/logo.png" width="32" height="32" alt="Acme" />
    </EmailLayout>
  )

  it("writes what React Email's render() writes, without the hydration comments", async () => {
    const email = await renderEmail('Sign in to Acme Login', element)
    expect(email.subject).toBe('Sign in to Acme Login')
    expect(email.text).toBe(await render(element, { plainText: true }))
    expect(email.html).toBe(withoutReactComments(await render(element)))
  })

  it('keeps images but not the preload links React hoists for them', async () => {
    const { html } = await renderEmail('x', element)
    expect(html).toContain('src="https://login.acme.test/logo.png"')
    expect(html).not.toContain('rel="preload"')
  })

  it('escapes text and attributes', async () => {
    const { html } = await renderEmail('x', element)
    expect(html).toContain('Ada &lt;script&gt; &amp; co')
    expect(html).toContain('href="https://login.acme.test/sign-in/link?token=a&amp;b"')
    expect(html).not.toContain('<script>')
  })
})
