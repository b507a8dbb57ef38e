/**
 * Content negotiation for success responses (gnocchi-rest.md §1.3): Gnocchi's handlers are
 * JSON handlers, so a request whose `Accept` excludes `application/json` gets a 406.
 */

interface MediaRange {
  readonly type: string
  readonly subtype: string
  readonly q: number
}

function parseRanges(accept: string): MediaRange[] {
  const out: MediaRange[] = []
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';')
    const [type, subtype] = range.trim().toLowerCase().split('/')
    if (type === undefined || type === '' || subtype === undefined) continue
    let q = 1
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim())
      if (k === 'q' && v !== undefined) {
        const n = Number(v)
        q = Number.isFinite(n) ? n : 0
      }
    }
    out.push({ type, subtype, q })
  }
  return out
}

/**
 * Whether `application/json` is acceptable: the most specific range matching it
 * (`application/json`, then `application/*`, then `*\/*`) has q > 0. No header, or a header
 * with no parseable range, accepts anything.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true
  const ranges = parseRanges(accept)
  if (ranges.length === 0) return true
  let best: MediaRange | undefined
  let specificity = -1
  for (const r of ranges) {
    const s = r.type === 'application' && r.subtype === 'json' ? 2 : r.type === 'application' && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1
    if (s > specificity) {
      specificity = s
      best = r
    }
  }
  return best !== undefined && best.q > 0
}

/**
 * The plain-text body of Gnocchi's 406 (webob's `HTTPNotAcceptable`, observed on 4.4.2).
 */
export function notAcceptableText(accept: string): string {
  return `406 Not Acceptable\n\nThe resource could not be generated that was acceptable to your browser (content of type ${accept}. \n\n `
}
