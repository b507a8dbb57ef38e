/**
 * The filters of `GET /api/alerts/` and the alert statistics (legacy-stats-api.md §2.3), parsed
 * and validated before any alert is read; the result is one predicate.
 */
import type { ResourceRevision } from '../../model/resource.js'
import type { Alert } from '../../storage/index/alerts-types.js'
import type { IndexStore } from '../../storage/types.js'
import type { Estate } from '../estate.js'
import { attr } from '../estate.js'
import { bareError, fieldErrors } from '../legacy-error.js'
import { allParams, hasParam, lastParam, uuidKey, type QueryParams } from '../query-params.js'
import { parseScopeUrl } from './scope-url.js'
import { severityOf } from './severity.js'
import { parseUnixTimestampUs } from './timestamp-param.js'

/** A compiled alert filter. */
export type AlertPredicate = (alert: Alert) => boolean

const AGGREGATES = ['customer', 'project', 'project_group'] as const

/** Canonical UUID of a 32-hex id (legacy spelling); other ids unchanged. */
export function canonicalId(id: string): string {
  const hex = id.toLowerCase()
  if (!/^[0-9a-f]{32}$/.test(hex)) return id
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Resolves a scope URL to an existing resource, or throws the legacy 400 (a bare list). */
export async function restoreScope(index: IndexStore, url: string): Promise<ResourceRevision> {
  const ref = parseScopeUrl(url)
  const found = ref === null ? null : await index.getResource(ref.type, canonicalId(ref.id)).catch(() => null)
  if (found === null) throw bareError([`Can\`t restore object from url: ${url}`])
  return found.resource
}

/** django-filter's strict mode: a bad number in `created_from` & co. makes the result empty. */
function boundUs(query: QueryParams, name: string): number | null | 'invalid' {
  const text = lastParam(query, name)
  if (text === undefined || text === '') return null
  return parseUnixTimestampUs(text) ?? 'invalid'
}

function parseBool(text: string | undefined): boolean | null {
  if (text === 'True' || text === 'true' || text === '1') return true
  if (text === 'False' || text === 'false' || text === '0') return false
  return null
}

/** The scope ids an `aggregate` (+ `uuid`) filter keeps: the objects, their projects, and what belongs to those projects. */
async function aggregateScopeIds(index: IndexStore, estate: Estate, aggregate: (typeof AGGREGATES)[number], uuid: string | undefined): Promise<Set<string>> {
  const pool = aggregate === 'customer' ? estate.customers : aggregate === 'project' ? estate.projects : estate.projectGroups
  const objects = pool.filter((o) => uuid === undefined || uuidKey(o.id) === uuidKey(uuid))
  const ids = new Set(objects.map((o) => o.id))
  const projectIds = new Set<string>()
  for (const p of estate.projects) {
    const owner = aggregate === 'customer' ? attr(p, 'customer_id') : aggregate === 'project_group' ? attr(p, 'project_group_id') : p.id
    if (owner !== null && ids.has(owner)) projectIds.add(p.id)
  }
  for (const id of projectIds) ids.add(id)
  if (projectIds.size > 0) {
    const owned = await index.searchResources({ type: 'generic', hints: { project_id: [...projectIds] }, predicate: (r) => r.projectId !== null && projectIds.has(r.projectId) })
    for (const v of owned) ids.add(v.resource.id)
  }
  return ids
}

/**
 * Parses every filter. Errors, in this order: `from`/`to` (field map), `aggregate` (field map),
 * `scope` (bare list), `scope_type` (bare list).
 */
export async function parseAlertFilters(index: IndexStore, estate: Estate, query: QueryParams): Promise<AlertPredicate> {
  const tests: AlertPredicate[] = []

  const fromText = lastParam(query, 'from')
  const toText = lastParam(query, 'to')
  const fromUs = fromText === undefined ? null : parseUnixTimestampUs(fromText)
  const toUs = toText === undefined ? null : parseUnixTimestampUs(toText)
  const timeErrors: Record<string, string[]> = {}
  if (fromText !== undefined && fromUs === null) timeErrors.start = [`Value "${fromText}" should be valid UNIX timestamp.`]
  if (toText !== undefined && toUs === null) timeErrors.end = [`Value "${toText}" should be valid UNIX timestamp.`]
  if (Object.keys(timeErrors).length > 0) throw fieldErrors(timeErrors)
  if (fromUs !== null && toUs !== null && fromUs >= toUs) throw fieldErrors({ non_field_errors: ['End must occur after start'] })
  // "Active during [from, to]": not closed before `from`, created by `to`.
  if (fromUs !== null) tests.push((a) => a.closedUs === null || a.closedUs >= fromUs)
  if (toUs !== null) tests.push((a) => a.createdUs <= toUs)

  const aggregate = lastParam(query, 'aggregate')
  if (aggregate !== undefined) {
    const kind = AGGREGATES.find((a) => a === aggregate)
    if (kind === undefined) throw fieldErrors({ aggregate: [`"${aggregate}" is not a valid choice.`] })
    const ids = await aggregateScopeIds(index, estate, kind, lastParam(query, 'uuid'))
    tests.push((a) => ids.has(a.scopeId))
  }

  const scope = lastParam(query, 'scope')
  if (scope !== undefined) {
    const r = await restoreScope(index, scope)
    tests.push((a) => a.scopeId === r.id)
  }

  const scopeType = lastParam(query, 'scope_type')
  if (scopeType !== undefined) {
    const names = (await index.listResourceTypes()).map((t) => t.name).filter((n) => n !== 'generic')
    if (!names.includes(scopeType)) {
      throw bareError([`Scope type "${scopeType}" is not valid. Has to be one from list: ${names.join(', ')}`])
    }
    tests.push((a) => a.scopeType === scopeType)
  }

  const contentType = lastParam(query, 'content_type')
  if (contentType !== undefined) {
    // `<app_label>.<model>`: the model part names the scope's resource type; unknown → nothing.
    const model = contentType.slice(contentType.indexOf('.') + 1)
    tests.push((a) => a.scopeType === model)
  }

  const severities = allParams(query, 'severity')
  if (severities.length > 0) {
    const values = new Set(severities.map(severityOf))
    tests.push((a) => values.has(a.severity))
  }
  const types = allParams(query, 'alert_type')
  if (types.length > 0) {
    const set = new Set(types)
    tests.push((a) => set.has(a.alertType))
  }
  if (hasParam(query, 'opened')) tests.push((a) => a.closedUs === null)
  if (hasParam(query, 'closed')) tests.push((a) => a.closedUs !== null)
  const acknowledged = parseBool(lastParam(query, 'acknowledged'))
  if (acknowledged !== null) tests.push((a) => a.acknowledged === acknowledged)
  const message = lastParam(query, 'message')
  if (message !== undefined && message !== '') {
    const needle = message.toLowerCase()
    tests.push((a) => a.message.toLowerCase().includes(needle))
  }

  for (const [name, test] of [
    ['created_from', (a: Alert, us: number) => a.createdUs >= us],
    ['created_to', (a: Alert, us: number) => a.createdUs < us],
    ['closed_from', (a: Alert, us: number) => a.closedUs !== null && a.closedUs >= us],
    ['closed_to', (a: Alert, us: number) => a.closedUs !== null && a.closedUs < us],
  ] as const) {
    const bound = boundUs(query, name)
    if (bound === 'invalid') return () => false
    if (bound !== null) tests.push((a) => test(a, bound))
  }

  return (a) => tests.every((t) => t(a))
}
