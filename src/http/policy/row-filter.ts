/**
 * Row filters for list, search and bulk delete (gnocchi-rest.md §1.12 "filter mode"): which
 * resources and metrics a non-admin caller sees, as a search-filter AST the storage/engine
 * filter evaluator already understands.
 */
import type { CompareNode, FilterNode, LikeNode } from '../../grammar/filter/ast.js'
import { GnocchiError } from '../../model/errors.js'
import { isAllowed } from './authorize.js'
import type { Identity } from './identity.js'
import type { PolicyRuleName } from './rules.js'

const eq = (attribute: string, value: string | null): CompareNode => ({ kind: 'compare', op: 'eq', written: '=', attribute, value })
const like = (attribute: string, value: string): LikeNode => ({ kind: 'like', attribute, value })

const insufficient = (): GnocchiError => new GnocchiError('FORBIDDEN', 'Insufficient privileges')

/** Basic-style modes never restrict lists (Gnocchi's BasicAuthHelper returns no filter). */
const unfiltered = (identity: Identity): boolean => identity.mode === 'basic' || identity.mode === 'noauth'

/**
 * Filter for listing/searching/bulk-deleting resources of `resourceType` under `rule`
 * (`list resource`, `search resource`, `delete resources`). `null` means "no restriction";
 * otherwise AND the returned node with the client's own filter. Throws 403
 * `Insufficient privileges` when the caller may see nothing at all.
 *
 * `identity` is null only for an unauthenticated caller of an `identityOnDemand` route, which
 * the auth plugin lets through in basic mode alone, where Gnocchi applies no filter.
 */
export function resourceRowFilter(identity: Identity | null, rule: PolicyRuleName, resourceType: string): FilterNode | null {
  if (identity === null || unfiltered(identity) || isAllowed(identity, rule, { resource_type: resourceType })) return null
  const project = identity.projectId
  const operands: FilterNode[] = []
  if (isAllowed(identity, rule, { resource_type: resourceType, project_id: project })) operands.push(eq('project_id', project))
  if (isAllowed(identity, rule, { resource_type: resourceType, created_by_project_id: project })) {
    // gnocchi-compat: a caller without a project sees the resources whose creator is null,
    // see gnocchi/rest/auth_helper.py KeystoneAuthHelper.get_resource_policy_filter.
    operands.push(project !== null && project !== '' ? like('creator', `%:${project}`) : eq('creator', null))
  }
  if (operands.length === 0) throw insufficient()
  return { kind: 'or', written: 'or', operands }
}

/**
 * Filter for listing metrics under `rule` (`list metric`): `null` means "no restriction"
 * (`identity` null as for {@link resourceRowFilter}). Otherwise an `or` of what Gnocchi's two
 * helpers give: `creator LIKE '%:<project>'` (auth_helper.py get_metric_policy_filter) and
 * `resource.project_id = <project>` (get_resource_policy_filter with the `resource` prefix,
 * which `metric_owner` passes), each only when the rule passes for that target. Throws 403
 * `Insufficient privileges` when neither does.
 *
 * Recommended over 4.4.2 (gnocchi-rest.md §1.12): an outer join, so a metric without a resource
 * still matches on its creator (4.4.2's inner join hides every such metric from non-admins). A
 * caller without a project gets `creator = null` where 4.4.2 answers 500.
 */
export function metricRowFilter(identity: Identity | null, rule: PolicyRuleName): FilterNode | null {
  if (identity === null || unfiltered(identity) || isAllowed(identity, rule, {})) return null
  const project = identity.projectId
  const operands: FilterNode[] = []
  if (isAllowed(identity, rule, { created_by_project_id: project })) {
    operands.push(project !== null && project !== '' ? like('creator', `%:${project}`) : eq('creator', null))
  }
  if (isAllowed(identity, rule, { resource: { resource_type: null, project_id: project } })) operands.push(eq('resource.project_id', project))
  if (operands.length === 0) throw insufficient()
  return { kind: 'or', written: 'or', operands }
}
