/**
 * `polenta token`: mints a JWT that the `jwt` auth mode accepts (architecture.md §4), signed
 * with the configured HS256 secret or, for public-key deployments, a private key file.
 */
import { readFileSync } from 'node:fs'
import { createSigner } from 'fast-jwt'
import { loadConfig } from '../config.js'
import { type Command, UsageError, parseCommandArgs, parseIntegerFlag } from './command.js'

/** What goes into a token. */
export interface TokenRequest {
  /** `sub` claim: the user id. */
  readonly user: string
  /** `project_id` claim; omitted when null. */
  readonly project: string | null
  /** `roles` claim. */
  readonly roles: readonly string[]
  /** Lifetime in seconds; null for a token that never expires. */
  readonly ttlSeconds: number | null
}

/** Signing key: the shared secret (HS256) or a PEM private key (algorithm from the key). */
export type SigningKey = { readonly secret: string } | { readonly privateKeyPem: string }

/** The claims Polenta's auth plugin reads: `sub`, `project_id`, `roles`. */
export function tokenClaims(request: TokenRequest): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: request.user, roles: [...request.roles] }
  if (request.project !== null) claims.project_id = request.project
  return claims
}

/** Signs a token. */
export function mintToken(request: TokenRequest, key: SigningKey, now: number = Date.now()): string {
  const sign = createSigner({
    key: 'secret' in key ? key.secret : key.privateKeyPem,
    ...('secret' in key ? { algorithm: 'HS256' as const } : {}),
    ...(request.ttlSeconds !== null ? { expiresIn: request.ttlSeconds * 1000 } : {}),
    clockTimestamp: now,
  })
  return sign(tokenClaims(request))
}

/** Parses a roles list given as `a,b,c` (blanks and empty items dropped). */
export function parseRoles(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
}

const TOKEN_OPTIONS = {
  user: { type: 'string' },
  project: { type: 'string' },
  roles: { type: 'string' },
  ttl: { type: 'string' },
  'private-key': { type: 'string' },
} as const

/** `polenta token`. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print a JWT for the jwt auth mode, signed with the configured key',
  help: [
    'usage: polenta token --user <id> [--project <id>] [--roles a,b] [--ttl <seconds>] [--private-key <pem file>]',
    '',
    'Prints a JWT that POLENTA_AUTH=jwt accepts, signed with POLENTA_JWT_SECRET (HS256) or with',
    'the given private key (algorithm from the key).',
    '',
    '  --user <id>             sub claim: the user id (required)',
    '  --project <id>          project_id claim (omitted when not given)',
    '  --roles a,b             roles claim, comma-separated (e.g. admin)',
    '  --ttl <seconds>         lifetime, default 3600; 0 for a token that never expires',
    '  --private-key <file>    PEM private key instead of POLENTA_JWT_SECRET',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, TOKEN_OPTIONS)
    if (values.user === undefined || values.user === '') throw new UsageError('--user is required')
    let ttlSeconds: number | null = 3600
    if (values.ttl !== undefined) {
      const n = parseIntegerFlag('ttl', values.ttl, 0)
      ttlSeconds = n === 0 ? null : n
    }
    let key: SigningKey
    if (values['private-key'] !== undefined) {
      key = { privateKeyPem: readFileSync(values['private-key'], 'utf8') }
    } else {
      const secret = loadConfig(ctx.env).auth.jwtSecret
      if (secret === null) throw new UsageError('POLENTA_JWT_SECRET is not set (or pass --private-key)')
      key = { secret }
    }
    const token = mintToken({ user: values.user, project: values.project ?? null, roles: parseRoles(values.roles), ttlSeconds }, key)
    ctx.stdout.write(`${token}\n`)
    return 0
  },
}
