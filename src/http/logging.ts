/**
 * The app's pino logger options: JSON lines at the configured level, with credentials kept out
 * of them. Three layers, because a secret can reach a log line by three routes:
 *
 * 1. structured headers (someone logs `request.headers`, or an error object carries the
 *    headers it was built from): pino's `redact` censors the credential headers by path;
 * 2. the request line: the `req` serializer logs the URL with credential-like query parameters,
 *    JWTs and URL passwords masked (no route takes credentials in the query string, but a
 *    client may still send them there);
 * 3. free text (an error message echoing a header, a Redis URL with a password): every line
 *    is scrubbed by {@link scrubSecrets} just before it is written.
 */
import type { FastifyLoggerOptions, FastifyServerOptions } from 'fastify'

/** Fastify's `logger` option in its object form (Fastify's and pino's options). */
export type AppLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>
/** A destination for log lines (anything with `write(line)`). */
export type LogStream = NonNullable<FastifyLoggerOptions['stream']>

/** Headers whose value is a credential; never logged (lower case, as Node exposes them). */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'x-auth-token',
  'x-subject-token',
  'x-service-token',
  'cookie',
  'set-cookie',
] as const

/** What replaces a secret in the logs. */
export const REDACTED = '[Redacted]'

/**
 * pino redaction paths: the credential headers of a `headers` object at the top of a log
 * record or one or two levels down (`req.headers`, `err.headers`, `err.request.headers`, …).
 */
export const REDACT_PATHS: readonly string[] = CREDENTIAL_HEADERS.flatMap((h) =>
  ['', '*.', '*.*.'].map((prefix) => `${prefix}headers["${h}"]`),
)

/** Query parameter names that announce a credential (`token`, `auth_token`, `password`, `api_key`, …). */
const CREDENTIAL_PARAM = /token|passw|secret|auth|api[-_]?key|signature|session|jwt|credential/i

/** A JWT (JWS compact form): its header always starts with `{"`, base64url `eyJ`. */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g
/** `Basic <base64>`; redacted when the base64 decodes to `user:password`. */
const BASIC = /\b(basic)(\s+)([A-Za-z0-9+/]+={0,2})/gi
/**
 * `Bearer <token>` or DRF's `Token <token>`; the 20-character floor spares prose such as
 * "Token authentication failed" while catching real tokens (Keystone's are ~180 characters).
 */
const BEARER = /\b(bearer|token)(\s+)([A-Za-z0-9._~+/=-]{20,})/gi
/**
 * A credential header named in free text or in JSON (`x-auth-token: abc`,
 * `"Authorization":"Basic …"`): the value, up to the next quote, backslash or line end.
 */
const NAMED_HEADER = new RegExp(
  `(${CREDENTIAL_HEADERS.join('|')})(\\\\?["']?\\s*[:=]\\s*\\\\?["']?)(?!\\[Redacted\\])([^"'\\\\\\r\\n]+)`,
  'gi',
)
/** The password of a URL's user info (`redis://:secret@host`, `http://user:pw@host`). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s"'@:]*):([^/\s"'@]+)@/gi

function isBasicCredential(b64: string): boolean {
  if (b64.length % 4 !== 0) return false
  return Buffer.from(b64, 'base64').toString('latin1').includes(':')
}

/** Masks the credentials that may sit in a piece of free text (one log line, a message). */
export function scrubSecrets(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(BASIC, (all: string, scheme: string, space: string, b64: string) =>
      isBasicCredential(b64) ? `${scheme}${space}${REDACTED}` : all,
    )
    .replace(BEARER, (_all: string, scheme: string, space: string) => `${scheme}${space}${REDACTED}`)
    .replace(NAMED_HEADER, (_all: string, name: string, separator: string) => `${name}${separator}${REDACTED}`)
    .replace(URL_PASSWORD, (_all: string, head: string) => `${head}:${REDACTED}@`)
}

/** A request URL as logged: credential-like query values masked, then {@link scrubSecrets}. */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return scrubSecrets(url)
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      let name: string
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '))
      } catch {
        name = pair.slice(0, eq)
      }
      return CREDENTIAL_PARAM.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair
    })
    .join('&')
  return scrubSecrets(`${url.slice(0, q)}?${query}`)
}

/** The fields Fastify's request serializer reads (a Fastify request or a raw one). */
interface LoggedRequest {
  readonly method?: string
  readonly url?: string
  readonly host?: string
  readonly ip?: string
  readonly socket?: { readonly remotePort?: number } | null
}

/** Fastify's default request fields, with the URL scrubbed and no headers at all. */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : scrubUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort ?? undefined,
  }
}

/** Options of {@link loggerOptions}. */
export interface LoggingOptions {
  /** pino level (`POLENTA_LOG_LEVEL`), `silent` for none. */
  readonly level: string
  /** Where lines go; stdout when absent (tests capture them here). */
  readonly stream?: LogStream
}

/** The `logger` option of Fastify: pino with the three layers of redaction. */
export function loggerOptions(options: LoggingOptions): AppLoggerOptions {
  return {
    level: options.level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest },
    hooks: { streamWrite: scrubSecrets },
    ...(options.stream === undefined ? {} : { stream: options.stream }),
  }
}
