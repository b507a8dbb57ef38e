/**
 * The one authorization entry point every route uses (gnocchi-rest.md §1.12).
 */
import { GnocchiError } from '../../model/errors.js'
import { decideForAnyTarget, evaluatePolicyExpr, flattenTarget, parsePolicyExpr, type PolicyExpr } from './expression.js'
import { credentialsOf, type Identity } from './identity.js'
import { DEFAULT_POLICY, type PolicyRuleName } from './rules.js'

const COMPILED: ReadonlyMap<string, PolicyExpr> = new Map(
  Object.entries(DEFAULT_POLICY).map(([name, text]) => [name, parsePolicyExpr(text)]),
)

const resolve = (name: string): PolicyExpr | undefined => COMPILED.get(name)

/**
 * Whether the rule passes for this caller and target. The target is an object in its
 * JSON (wire) representation; nested objects are flattened with `.` (so a metric's embedded
 * `resource.project_id` is reachable), as Gnocchi's `enforce` does.
 */
export function isAllowed(identity: Identity, rule: PolicyRuleName, target: Readonly<Record<string, unknown>> = {}): boolean {
  const expr = COMPILED.get(rule)
  if (expr === undefined) throw new Error(`unknown policy rule ${rule}`)
  return evaluatePolicyExpr(expr, credentialsOf(identity), flattenTarget(target), resolve)
}

/**
 * Whether the rule passes for this caller whatever the target (an admin, for most rules): then
 * {@link authorize} cannot refuse any target, and a caller checking many objects may skip
 * building their targets.
 */
export function isAllowedForAnyTarget(identity: Identity, rule: PolicyRuleName): boolean {
  const expr = COMPILED.get(rule)
  if (expr === undefined) throw new Error(`unknown policy rule ${rule}`)
  return decideForAnyTarget(expr, credentialsOf(identity), resolve) === true
}

/**
 * Throws 403 Forbidden (empty description, as Gnocchi's `abort(403)`) unless the rule passes.
 */
export function authorize(identity: Identity, rule: PolicyRuleName, target: Readonly<Record<string, unknown>> = {}): void {
  if (!isAllowed(identity, rule, target)) throw new GnocchiError('FORBIDDEN', '')
}
