/**
 * The part of the structure (customers, project groups, projects, instances) a caller may see,
 * loaded from the index in one go per request (legacy-stats-api.md §1.5):
 * - admins see everything;
 * - anyone else sees their own project, the customer that owns it, the group that contains it,
 *   and the instances of that project — so inside their customer or group they only count and
 *   chart their own project.
 */
import type { ResourceRevision } from '../model/resource.js'
import type { ResourceView } from '../storage/index-types.js'
import type { IndexStore } from '../storage/types.js'
import type { LegacyCaller } from './caller.js'
import { LEGACY_TYPES } from './data-model.js'

/** The visible structure; lists ordered by creation (`started_at`, then id). */
export interface Estate {
  readonly customers: readonly ResourceRevision[]
  readonly projectGroups: readonly ResourceRevision[]
  readonly projects: readonly ResourceRevision[]
  /** Visible instances (current revisions with their metrics), ended ones included. */
  readonly instances: readonly ResourceView[]
}

const BY_CREATION = [{ key: 'started_at', dir: 'asc' }] as const

/** A string attribute of a revision, or null. */
export const attr = (r: ResourceRevision, name: string): string | null => {
  const v = r.attributes[name]
  return typeof v === 'string' ? v : null
}

async function all(index: IndexStore, type: string): Promise<ResourceRevision[]> {
  if ((await index.getResourceType(type)) === null) return []
  return (await index.searchResources({ type, sort: BY_CREATION })).map((v) => v.resource)
}

/** Loads what `caller` may see. A non-admin without a (known) project sees nothing. */
export async function loadEstate(index: IndexStore, caller: LegacyCaller): Promise<Estate> {
  const instanceTypeExists = (await index.getResourceType(LEGACY_TYPES.instance)) !== null
  if (caller.isAdmin) {
    const [customers, projectGroups, projects] = await Promise.all([
      all(index, LEGACY_TYPES.customer),
      all(index, LEGACY_TYPES.projectGroup),
      all(index, LEGACY_TYPES.project),
    ])
    const instances = instanceTypeExists ? await index.searchResources({ type: LEGACY_TYPES.instance, sort: BY_CREATION }) : []
    return { customers, projectGroups, projects, instances }
  }
  const empty: Estate = { customers: [], projectGroups: [], projects: [], instances: [] }
  if (caller.projectId === null || (await index.getResourceType(LEGACY_TYPES.project)) === null) return empty
  const project = (await index.getResource(LEGACY_TYPES.project, caller.projectId))?.resource
  if (project === undefined) return empty
  const customerId = attr(project, 'customer_id')
  const groupId = attr(project, 'project_group_id')
  const [customer, group] = await Promise.all([
    customerId === null || (await index.getResourceType(LEGACY_TYPES.customer)) === null
      ? null
      : index.getResource(LEGACY_TYPES.customer, customerId),
    groupId === null || (await index.getResourceType(LEGACY_TYPES.projectGroup)) === null
      ? null
      : index.getResource(LEGACY_TYPES.projectGroup, groupId),
  ])
  const instances = instanceTypeExists
    ? await index.searchResources({
        type: LEGACY_TYPES.instance,
        sort: BY_CREATION,
        hints: { project_id: [project.id] },
        predicate: (r) => r.projectId === project.id,
      })
    : []
  return {
    customers: customer === null ? [] : [customer.resource],
    projectGroups: group === null ? [] : [group.resource],
    projects: [project],
    instances,
  }
}

/** Projects by id, for following instance → project → customer / group. */
export function projectsById(estate: Estate): Map<string, ResourceRevision> {
  return new Map(estate.projects.map((p) => [p.id, p]))
}

/** Whether an instance is running at `nowUs` (not ended, or ended later). */
export const isLive = (r: ResourceRevision, nowUs: number): boolean => r.endedAtUs === null || r.endedAtUs > nowUs
