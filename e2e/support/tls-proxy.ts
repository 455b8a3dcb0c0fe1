import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, X509Certificate } from 'node:crypto'
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import path from 'node:path'

/**
 * The portal behind a TLS-terminating reverse proxy, as in production: a
 * throwaway certificate authority and a certificate for localhost made with
 * openssl, and nginx serving it on a loopback port in front of the portal's
 * own server. Everything lives in a directory the test owns, so nginx runs as
 * whatever user runs the tests.
 */

/** A program on PATH, or in the sbin directories where Debian installs daemons (not on every user's PATH); null when missing. */
export function findProgram(name: string): string | null {
  const directories = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin']
  for (const directory of directories.filter(Boolean)) {
    const candidate = path.join(directory, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      continue
    }
  }
  return null
}

export type TestCertificate = {
  /** The test CA's certificate (PEM), for clients that verify the chain. */
  authority: string
  certificateFile: string
  keyFile: string
  /** base64 SHA-256 of the server certificate's SubjectPublicKeyInfo, as Chromium's --ignore-certificate-errors-spki-list takes it. */
  spkiSha256: string
}

/** A CA valid for a day and a certificate it issued for localhost (serverAuth), P-256 keys, all in `directory`. */
export function makeCertificate(openssl: string, directory: string): TestCertificate {
  const file = (name: string) => path.join(directory, name)
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  run('req', '-x509', ...key, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=Passkey Portal test CA')
  run('req', ...key, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost')
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n')
  run(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-days',
    '1',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.crt'),
  )
  const authority = readFileSync(file('ca.crt'), 'utf8')
  const leaf = readFileSync(file('server.crt'), 'utf8')
  // nginx sends the chain: the server's certificate, then the CA's.
  writeFileSync(file('chain.crt'), leaf + authority)
  const spki = new X509Certificate(leaf).publicKey.export({ type: 'spki', format: 'der' })
  return { authority, certificateFile: file('chain.crt'), keyFile: file('server.key'), spkiSha256: createHash('sha256').update(spki).digest('base64') }
}

export type TlsProxy = { url: string; process: ChildProcess; errorLog: () => string; stop: () => Promise<void> }

/**
 * nginx in the foreground, one process (no master, so no switching users),
 * terminating TLS on 127.0.0.1:`port` and passing requests to `upstream` with
 * the headers a production proxy sets: the Host the browser asked for, its
 * address appended to X-Forwarded-For, and the scheme in X-Forwarded-Proto.
 */
export async function startTlsProxy(
  nginx: string,
  directory: string,
  options: { port: number; upstream: string; certificate: TestCertificate },
): Promise<TlsProxy> {
  const file = (name: string) => path.join(directory, name)
  writeFileSync(
    file('nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${file('nginx.pid')};
error_log ${file('nginx-error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${file('client-body')};
  proxy_temp_path ${file('proxy')};
  fastcgi_temp_path ${file('fastcgi')};
  uwsgi_temp_path ${file('uwsgi')};
  scgi_temp_path ${file('scgi')};
  server {
    listen 127.0.0.1:${options.port} ssl;
    server_name localhost;
    ssl_certificate ${options.certificate.certificateFile};
    ssl_certificate_key ${options.certificate.keyFile};
    location / {
      proxy_pass ${options.upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
  )
  // -e: the error log from the very start, before nginx reads the configuration (its default path needs root).
  const child = spawn(nginx, ['-p', directory, '-e', file('nginx-error.log'), '-c', file('nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const errorLog = () => {
    try {
      return stderr + readFileSync(file('nginx-error.log'), 'utf8')
    } catch {
      return stderr
    }
  }
  const url = `https://localhost:${options.port}`
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited early:\n${errorLog()}`)
    if (tries > 100) {
      child.kill('SIGTERM')
      throw new Error(`nginx did not answer on ${url}:\n${errorLog()}`)
    }
    const answered = await getOverTls(`${url}/healthz`, options.certificate.authority).then(
      (response) => response.status === 200,
      () => false,
    )
    if (answered) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    process: child,
    errorLog,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

export type TlsAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A GET that trusts only the test CA and checks the certificate names the host, as a browser would. */
export function getOverTls(url: string, authority: string, headers: Record<string, string> = {}): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca: authority, agent: false, headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}
