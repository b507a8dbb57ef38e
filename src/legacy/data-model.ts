/**
 * The resource types the legacy routes read (issue 6, legacy-stats-api.md §3), registered at
 * start-up when absent and then managed through the normal `/v1/resource` API:
 *
 * ```
 * customer ──< project_group          (project_group.customer_id)
 * customer ──< project                (project.customer_id, project.project_group_id)
 * project  ──< instance               (instance.project_id, Gnocchi's built-in column)
 * cloud    ──< tenant                 (tenant.cloud_id, tenant.auth_url, quotas)
 * ```
 *
 * Resource ids are the legacy UUIDs, so `?uuid=` maps to resource ids directly.
 */
import { isGnocchiError } from '../model/errors.js'
import type { AttributeSchema, ResourceType } from '../model/resource.js'
import type { IndexStore } from '../storage/types.js'

// Gnocchi's defaults for attribute schemas (gnocchi/resource_type.py): strings 0..255.
const str = (required: boolean, maxLength = 255): AttributeSchema => ({ type: 'string', required, minLength: 0, maxLength })
const uuid = (required: boolean): AttributeSchema => ({ type: 'uuid', required })
const num = (required: boolean): AttributeSchema => ({ type: 'number', required, min: null, max: null })
const datetime = (required: boolean): AttributeSchema => ({ type: 'datetime', required })

const type = (name: string, attributes: Record<string, AttributeSchema>): ResourceType => ({ name, state: 'active', attributes })

/** Names of the legacy types. */
export const LEGACY_TYPES = {
  customer: 'customer',
  projectGroup: 'project_group',
  project: 'project',
  cloud: 'cloud',
  tenant: 'tenant',
  instance: 'instance',
} as const

/** The structure types Polenta owns. Quotas are limits: −1 means unlimited; RAM and storage in MiB. */
export const LEGACY_RESOURCE_TYPES: readonly ResourceType[] = [
  type(LEGACY_TYPES.customer, { name: str(true), abbreviation: str(false, 8) }),
  type(LEGACY_TYPES.projectGroup, { name: str(true), customer_id: uuid(true) }),
  type(LEGACY_TYPES.project, { name: str(true), customer_id: uuid(true), project_group_id: uuid(false) }),
  type(LEGACY_TYPES.cloud, { auth_url: str(true), name: str(false) }),
  type(LEGACY_TYPES.tenant, {
    cloud_id: uuid(true),
    auth_url: str(true),
    quota_vcpu: num(false),
    quota_ram: num(false),
    quota_storage: num(false),
  }),
]

/**
 * Ceilometer's `instance` type (ceilometer/publisher/data/gnocchi_resources.yaml), registered
 * only when no `instance` type exists, so Ceilometer's publisher and the legacy routes share it.
 */
export const CEILOMETER_INSTANCE_TYPE: ResourceType = type(LEGACY_TYPES.instance, {
  flavor_id: str(true),
  display_name: str(true),
  flavor_name: str(true),
  image_ref: str(false),
  host: str(false),
  server_group: str(false),
  availability_zone: str(false),
  launched_at: datetime(false),
  created_at: datetime(false),
  deleted_at: datetime(false),
})

/**
 * Creates every legacy type that does not exist yet; existing types are left as they are (an
 * operator may have extended them). Safe to run concurrently from several processes: losing the
 * creation race is not an error. Returns the names created.
 */
export async function ensureLegacyResourceTypes(index: IndexStore): Promise<string[]> {
  const created: string[] = []
  for (const t of [...LEGACY_RESOURCE_TYPES, CEILOMETER_INSTANCE_TYPE]) {
    if ((await index.getResourceType(t.name)) !== null) continue
    try {
      await index.createResourceType(t)
      created.push(t.name)
    } catch (e) {
      if (!(isGnocchiError(e) && e.code === 'CONFLICT')) throw e
    }
  }
  return created
}
