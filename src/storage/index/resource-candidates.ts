/**
 * Candidate selection for resource searches: the most selective secondary index the hints
 * allow, else every resource of the searched type. The predicate still decides; candidates
 * only avoid scanning rows that cannot match.
 */
import type { ResourceRevision } from '../../model/resource.js'
import type { ResourceHints } from '../index-types.js'
import type { IndexState, IndexedColumn } from './index-state.js'

const HINTED: readonly IndexedColumn[] = ['type', 'project_id', 'user_id', 'original_resource_id']

/** Current revisions that may match a search of `type` with `hints`. */
export function resourceCandidates(state: IndexState, type: string, hints: ResourceHints | undefined): Iterable<ResourceRevision> {
  if (hints?.id !== undefined) {
    const out = new Set<ResourceRevision>()
    for (const id of hints.id) {
      const r = state.resources.get(id)
      if (r !== undefined) out.add(r)
    }
    return out
  }
  let best: { column: IndexedColumn; values: readonly (string | null)[]; size: number } | undefined
  if (type !== 'generic') best = { column: 'type', values: [type], size: state.count('type', type) }
  for (const column of HINTED) {
    const values = hints?.[column]
    if (values === undefined) continue
    let size = 0
    for (const v of values) size += state.count(column, v)
    if (best === undefined || size < best.size) best = { column, values, size }
  }
  if (best === undefined) return state.resources.values()
  const { column, values } = best
  if (values.length === 1) return state.lookup(column, values[0]) ?? []
  const out = new Set<ResourceRevision>()
  for (const v of values) for (const r of state.lookup(column, v) ?? []) out.add(r)
  return out
}

/**
 * Compiles hints into one check (Sets built once per search). Returns null when there is
 * nothing to check.
 */
export function compileHints(hints: ResourceHints | undefined): ((r: ResourceRevision) => boolean) | null {
  if (hints === undefined) return null
  const checks: ((r: ResourceRevision) => boolean)[] = []
  const add = <V>(values: readonly V[] | undefined, get: (r: ResourceRevision) => V): void => {
    if (values === undefined) return
    const allowed = new Set(values)
    checks.push((r) => allowed.has(get(r)))
  }
  add(hints.id, (r) => r.id)
  add(hints.type, (r) => r.type)
  add(hints.project_id, (r) => r.projectId)
  add(hints.user_id, (r) => r.userId)
  add(hints.original_resource_id, (r) => r.originalResourceId)
  if (checks.length === 0) return null
  if (checks.length === 1) return checks[0]
  return (r) => checks.every((check) => check(r))
}
