/**
 * Conditional requests on resources (gnocchi-rest.md §1.10): `ETag`, `Last-Modified` and
 * the RFC 7232 §6 evaluation order.
 */
import { createHash } from 'node:crypto'
import { GnocchiError } from '../../model/errors.js'

/** Validators of one representation. */
export interface Validators {
  /** Quoted strong entity tag, e.g. `"3f…"`. */
  readonly etag: string
  /** Last modification, integer µs since the epoch (truncated to seconds when compared and sent). */
  readonly lastModifiedUs: number
}

/** Outcome of {@link evaluatePreconditions}: go on, or answer 304 with no body. */
export type PreconditionOutcome = 'proceed' | 'not-modified'

/**
 * Gnocchi's resource ETag: quoted SHA-1 hex of the id text followed by `revision_start` in
 * its JSON (isoformat) text.
 */
export function resourceEtag(id: string, revisionStartIso: string): string {
  return `"${createHash('sha1').update(id + revisionStartIso, 'utf8').digest('hex')}"`
}

/** RFC 1123 date of a µs timestamp, truncated to the second (`Sun, 06 Nov 1994 08:49:37 GMT`). */
export function httpDate(us: number): string {
  return new Date(Math.floor(us / 1_000_000) * 1000).toUTCString()
}

/** Sets `ETag` and `Last-Modified` on a reply-like object. */
export function setValidatorHeaders(reply: { header(name: string, value: string): unknown }, v: Validators): void {
  reply.header('etag', v.etag)
  reply.header('last-modified', httpDate(v.lastModifiedUs))
}

/** Parses an HTTP date to whole epoch seconds; null when absent or invalid (then ignored, per RFC 7232). */
function httpDateSeconds(value: string | undefined): number | null {
  if (value === undefined) return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000)
}

/** Whether an `If-Match` / `If-None-Match` list names the tag (`*` matches any); weak tags compare weakly. */
function listMatches(header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === opaque
  })
}

const preconditionFailed = (): GnocchiError => new GnocchiError('PRECONDITION_FAILED', '')

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v)

/**
 * Evaluates preconditions in RFC 7232 §6 order:
 * 1. `If-Match` present and not matching → 412;
 * 2. otherwise `If-Unmodified-Since` earlier than Last-Modified → 412;
 * 3. `If-None-Match` matching → 304 for GET/HEAD, 412 otherwise;
 * 4. otherwise `If-Modified-Since` at or after Last-Modified on GET/HEAD → 304.
 * Throws 412 as a {@link GnocchiError}; returns `'not-modified'` for a 304.
 */
export function evaluatePreconditions(
  method: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  v: Validators,
): PreconditionOutcome {
  const lastModified = Math.floor(v.lastModifiedUs / 1_000_000)
  const safe = method === 'GET' || method === 'HEAD'
  const ifMatch = first(headers['if-match'])
  if (ifMatch !== undefined) {
    if (!listMatches(ifMatch, v.etag)) throw preconditionFailed()
  } else {
    const since = httpDateSeconds(first(headers['if-unmodified-since']))
    if (since !== null && since < lastModified) throw preconditionFailed()
  }
  const ifNoneMatch = first(headers['if-none-match'])
  if (ifNoneMatch !== undefined) {
    if (listMatches(ifNoneMatch, v.etag)) {
      if (safe) return 'not-modified'
      throw preconditionFailed()
    }
  } else if (safe) {
    const since = httpDateSeconds(first(headers['if-modified-since']))
    if (since !== null && since >= lastModified) return 'not-modified'
  }
  return 'proceed'
}
