/**
 * Which alerts a caller sees (legacy-stats-api.md §1.5, §2.2): admins every alert; anyone else
 * the alerts whose scope is visible to them — their customer, project group and project, and any
 * resource that belongs to their project (its `project_id`: instances, tenants, …).
 */
import type { Alert } from '../../storage/index/alerts-types.js'
import type { IndexStore } from '../../storage/types.js'
import type { LegacyCaller } from '../caller.js'
import type { Estate } from '../estate.js'

/** The ids of every resource the caller may see as an alert scope; null = everything (admin). */
export async function visibleScopeIds(index: IndexStore, caller: LegacyCaller, estate: Estate): Promise<ReadonlySet<string> | null> {
  if (caller.isAdmin) return null
  const ids = new Set<string>()
  for (const list of [estate.customers, estate.projectGroups, estate.projects]) for (const r of list) ids.add(r.id)
  for (const p of estate.projects) {
    const owned = await index.searchResources({ type: 'generic', hints: { project_id: [p.id] }, predicate: (r) => r.projectId === p.id })
    for (const v of owned) ids.add(v.resource.id)
  }
  return ids
}

/** The visibility predicate of alerts for a set computed by {@link visibleScopeIds}. */
export const alertVisible =
  (ids: ReadonlySet<string> | null) =>
  (alert: Alert): boolean =>
    ids === null || ids.has(alert.scopeId)
