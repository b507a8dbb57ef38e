/**
 * Who is calling: what the auth plugin derives from the request and every policy check and
 * creator field uses (gnocchi-rest.md §1.11).
 */
import type { AuthMode } from '../../config.js'

/** The authenticated caller. */
export interface Identity {
  /** User name (basic) or user id (keystone-headers, jwt); null when the mode has none. */
  readonly userId: string | null
  /** Project id (keystone-headers, jwt); null in basic mode or when absent. */
  readonly projectId: string | null
  /** Roles as given (case preserved); policy compares them case-insensitively. */
  readonly roles: readonly string[]
  /**
   * The `creator` string stored on new metrics and resources and mixed into transformed
   * resource ids: `user` (basic) or `user_id:project_id` (keystone); null when unknown.
   */
  readonly creator: string | null
  /** Holds the `admin` role (case-insensitive). */
  readonly isAdmin: boolean
  /** The auth mode that produced this identity; policy row filters depend on it. */
  readonly mode: AuthMode
}

/**
 * Policy credentials in oslo.policy's shape. A key that is absent makes every check on it
 * false; a key present with `null` compares as Python's `'None'` (that is how oslo does it).
 */
export type Credentials = Readonly<Record<string, string | null | readonly string[]>>

/**
 * Credentials as Gnocchi builds them: basic mode gives `{user, roles}` only (no project key, so
 * `project_id:` checks are always false); keystone-style modes add `user_id`, `project_id`
 * (present even when null) and `domain_id`.
 */
export function credentialsOf(identity: Identity): Credentials {
  if (identity.mode === 'basic') return { user: identity.creator, roles: identity.roles }
  return {
    user: identity.creator,
    user_id: identity.userId,
    project_id: identity.projectId,
    roles: identity.roles,
  }
}

/** Identity for a caller whose roles contain `admin` (case-insensitive)? */
export const hasAdminRole = (roles: readonly string[]): boolean => roles.some((r) => r.toLowerCase() === 'admin')
