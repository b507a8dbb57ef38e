/**
 * Reference extraction and resolution (gnocchi-aggregates.md §2.1–§2.3): which concrete
 * series an operations tree reads, with Gnocchi's error bodies.
 */
import type { MetricRef } from '../../grammar/operations/ast.js'
import { badRequest, GnocchiError } from '../../model/errors.js'
import type { AttributeValue } from '../../model/resource.js'
import { fnmatch } from '../fnmatch.js'
import type { MetricInfo, ResourceInfo, SeriesRef } from './types.js'

/** Already `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex (what clients nearly always send)? */
function isCanonicalUuid(text: string): boolean {
  if (text.length !== 36) return false
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i)
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return false
    }
  }
  return true
}

/** Python `uuid.UUID(text)` leniency: braces, `urn:uuid:` prefix, hyphens anywhere. Null if invalid. */
export function canonicalUuid(text: string): string | null {
  if (isCanonicalUuid(text)) return text
  const hex = text.replace('urn:', '').replace('uuid:', '').replace(/^\{+|\}+$/g, '').replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null
  const h = hex.toLowerCase()
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * Id mode (§2.2): every name must be a UUID, every metric must exist. `lookup` returns the
 * active metric of a canonical id (the caller has applied the `get metric` policy).
 */
export function resolveIdMode(refs: readonly MetricRef[], lookup: (id: string) => MetricInfo | undefined): SeriesRef[] {
  const ids = refs.map((r) => canonicalUuid(r.name))
  if (ids.some((id) => id === null)) {
    throw new GnocchiError('INVALID_INPUT', {
      cause: 'Invalid metric references',
      reason: 'badly formed hexadecimal UUID string',
      detail: refs.map((r) => [r.name, r.aggregation]),
    })
  }
  const missing = [...new Set(ids as string[])].filter((id) => lookup(id) === undefined)
  if (missing.length > 0) {
    throw new GnocchiError('UNKNOWN_METRICS', { cause: 'Unknown metrics', reason: "Provided metrics don't exists", detail: missing })
  }
  return refs.map((r, i) => {
    const id = ids[i] as string
    const metric = lookup(id) as MetricInfo
    // gnocchi-compat: 4.4.2 keeps the written UUID in metric nodes, so a non-canonical spelling
    // (uppercase, braces) selects nothing; we normalise both sides instead.
    return { metric, aggregation: r.aggregation, resourceId: null, pattern: null, key: id, lookup: [id, r.aggregation] as const }
  })
}

/** §2.3 step 3: no metric of the resources matched any pattern. */
export function metricsNotFound(refs: readonly MetricRef[]): GnocchiError {
  return new GnocchiError('INVALID_INPUT', { cause: 'Metrics not found', detail: [...new Set(refs.map((r) => r.name))] })
}

/**
 * Resource mode (§2.3 step 2): for each resource, each reference, each metric whose name
 * matches the pattern, one series. Returns an empty list when nothing matched.
 */
export function expandResourceSeries(resources: readonly ResourceInfo[], refs: readonly MetricRef[]): SeriesRef[] {
  const out: SeriesRef[] = []
  for (const res of resources) {
    for (const ref of refs) {
      for (const metric of res.metrics) {
        if (metric.name !== null && fnmatch(metric.name, ref.name)) {
          out.push({ metric, aggregation: ref.aggregation, resourceId: res.id, pattern: ref.name, key: metric.name, lookup: [ref.name, ref.aggregation] })
        }
      }
    }
  }
  return out
}

/** SQL `ORDER BY … ASC` on one column: NULLs last (PostgreSQL), numbers numerically, text by code point. */
export function compareAttributeValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  const an = a === null || a === undefined
  const bn = b === null || b === undefined
  if (an || bn) return an === bn ? 0 : an ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  const sa = String(a)
  const sb = String(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** One group of resources with equal `groupby` values. */
export interface ResourceGroup {
  /** Attribute → value in sorted attribute order; null without `groupby`. */
  readonly group: Readonly<Record<string, AttributeValue>> | null
  readonly resources: readonly ResourceInfo[]
}

/**
 * §2.3 steps 1 and 4: sort the resources (by the sorted, de-duplicated `groupby` attributes, or
 * by `revision_start, started_at`; ties by id) and split them into consecutive groups.
 * `knownAttributes`, when given, is the set of attributes a `groupby` may name.
 */
export function groupResources(
  resources: readonly ResourceInfo[],
  groupby: readonly string[],
  knownAttributes?: ReadonlySet<string>,
): ResourceGroup[] {
  const attrs = [...new Set(groupby)].sort()
  for (const a of attrs) {
    if (knownAttributes !== undefined && !knownAttributes.has(a)) {
      throw badRequest(`Invalid pagination: \`Sort key supplied is invalid: ${a}'`)
    }
  }
  const byId = (x: ResourceInfo, y: ResourceInfo): number => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  if (attrs.length === 0) {
    const sorted = [...resources].sort((x, y) => x.revisionStartUs - y.revisionStartUs || x.startedAtUs - y.startedAtUs || byId(x, y))
    return [{ group: null, resources: sorted }]
  }
  const sorted = [...resources].sort((x, y) => {
    for (const a of attrs) {
      const c = compareAttributeValues(x.attributes[a], y.attributes[a])
      if (c !== 0) return c
    }
    return byId(x, y)
  })
  const groups: ResourceGroup[] = []
  let current: ResourceInfo[] = []
  for (const r of sorted) {
    const prev = current[0]
    if (prev !== undefined && attrs.some((a) => compareAttributeValues(prev.attributes[a], r.attributes[a]) !== 0)) {
      groups.push(makeGroup(attrs, current))
      current = []
    }
    current.push(r)
  }
  if (current.length > 0) groups.push(makeGroup(attrs, current))
  return groups
}

function makeGroup(attrs: readonly string[], resources: ResourceInfo[]): ResourceGroup {
  const group: Record<string, AttributeValue> = {}
  for (const a of attrs) group[a] = resources[0]!.attributes[a] ?? null
  return { group, resources }
}

/** Renders a granularity the way Gnocchi's error details do (seconds as a float). */
export function granularityDetail(granularityUs: number): number {
  return granularityUs / 1e6
}
