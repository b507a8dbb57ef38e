/**
 * Who asks, as the legacy routes see it. Built by the http layer from its `Identity`, so this
 * layer does not depend on http.
 */

/** The caller of a legacy route. */
export interface LegacyCaller {
  /** Staff in NodeConductor's terms: sees everything and may manage alerts. */
  readonly isAdmin: boolean
  /** The caller's project: the id of a `project` resource; null when the identity has none. */
  readonly projectId: string | null
}
