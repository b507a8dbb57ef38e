/**
 * An alert's `scope` is the URL of a Polenta resource, `…/v1/resource/<type>/<id>` (issue 6);
 * the legacy clients send it back in `?scope=` and in `POST /api/alerts/`.
 */

/** A parsed scope reference. */
export interface ScopeRef {
  readonly type: string
  readonly id: string
}

const SCOPE_PATH = /\/v1\/resource\/([A-Za-z0-9_-]+)\/([^/?#]+)\/?(?:[?#].*)?$/

/** The (type, id) a scope URL names, or null when it is not a resource URL. The host is not checked. */
export function parseScopeUrl(url: string): ScopeRef | null {
  const m = SCOPE_PATH.exec(url)
  if (m === null) return null
  let id: string
  try {
    id = decodeURIComponent(m[2])
  } catch {
    return null
  }
  return { type: m[1], id }
}

/** Absolute URLs the alert API renders. */
export interface LegacyUrls {
  /** URL of a resource: `<base>/v1/resource/<type>/<id>`. */
  scope(type: string, id: string): string
  /** URL of an alert: `<base>/api/alerts/<uuid>/`. */
  alert(uuid: string): string
}
