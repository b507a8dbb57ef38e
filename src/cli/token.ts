/**
 * `polenta token`: mints a JWT that the `jwt` auth mode accepts (architecture.md §4), signed
 * with the configured HS256 secret or, for public-key deployments, a private key file.
 */
import { createSigner } from 'fast-jwt'

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
