/**
 * `GET /api/stats/customer/` (legacy-stats-api.md §1.2, §4.3): per visible customer, the number
 * of its projects, project groups and live instances the caller may see.
 */
import type { IndexStore } from '../storage/types.js'
import type { LegacyCaller } from './caller.js'
import { attr, isLive, loadEstate, projectsById } from './estate.js'

/** One customer of the answer. */
export interface CustomerStats {
  readonly name: string
  readonly abbreviation: string
  readonly projects: number
  readonly project_groups: number
  readonly instances: number
}

/** Counts per visible customer, in creation order. Instances that have ended are not counted. */
export async function customerStats(index: IndexStore, caller: LegacyCaller, nowUs: number): Promise<CustomerStats[]> {
  const estate = await loadEstate(index, caller)
  const projects = projectsById(estate)
  const count = new Map<string, { projects: number; groups: number; instances: number }>()
  for (const c of estate.customers) count.set(c.id, { projects: 0, groups: 0, instances: 0 })
  const of = (customerId: string | null): { projects: number; groups: number; instances: number } | undefined =>
    customerId === null ? undefined : count.get(customerId)
  for (const p of estate.projects) {
    const c = of(attr(p, 'customer_id'))
    if (c !== undefined) c.projects++
  }
  for (const g of estate.projectGroups) {
    const c = of(attr(g, 'customer_id'))
    if (c !== undefined) c.groups++
  }
  for (const { resource: i } of estate.instances) {
    if (!isLive(i, nowUs) || i.projectId === null) continue
    const project = projects.get(i.projectId)
    const c = project === undefined ? undefined : of(attr(project, 'customer_id'))
    if (c !== undefined) c.instances++
  }
  return estate.customers.map((customer) => {
    const c = count.get(customer.id) ?? { projects: 0, groups: 0, instances: 0 }
    return {
      name: attr(customer, 'name') ?? '',
      abbreviation: attr(customer, 'abbreviation') ?? '',
      projects: c.projects,
      project_groups: c.groups,
      instances: c.instances,
    }
  })
}
