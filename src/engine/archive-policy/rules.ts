/**
 * Archive policy rule ordering and matching (gnocchi-storage-semantics.md §3, gnocchi-rest.md §3.3).
 */
import type { ArchivePolicyRule } from '../../model/archive-policy.js'
import { badRequest } from '../../model/errors.js'
import { fnmatch } from '../fnmatch.js'

/** Byte-order comparison (UTF-8 bytes = code point order), like the C collation of the reference database. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a)
  const y = Array.from(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0)
    if (d !== 0) return d
  }
  return x.length - y.length
}

/**
 * Sorts rules as `GET /v1/archive_policy_rule` lists them and as matching tries them:
 * `metric_pattern` descending, then `name` ascending.
 * gnocchi-compat: upstream docs say "longest match wins"; 4.4.2 really takes the first fnmatch hit
 * in this order, see gnocchi/indexer/sqlalchemy.py get_archive_policy_for_metric.
 */
export function sortArchivePolicyRules(rules: readonly ArchivePolicyRule[]): ArchivePolicyRule[] {
  return [...rules].sort(
    (a, b) => compareCodePoints(b.metricPattern, a.metricPattern) || compareCodePoints(a.name, b.name),
  )
}

/**
 * The rule that applies to a metric name, or `null`.
 * @param rules all rules, in any order.
 * @param metricName the metric's name; `null`/`undefined` is matched as `""`.
 */
export function findArchivePolicyRule(
  rules: readonly ArchivePolicyRule[],
  metricName: string | null | undefined,
): ArchivePolicyRule | null {
  const name = metricName ?? ''
  return sortArchivePolicyRules(rules).find((r) => fnmatch(name, r.metricPattern)) ?? null
}

/**
 * The archive policy name for a metric created without one.
 * @throws GnocchiError 400 `No archive policy name specified and no archive policy rule found matching the metric name <name>`.
 */
export function resolveArchivePolicyName(
  rules: readonly ArchivePolicyRule[],
  metricName: string | null | undefined,
): string {
  const rule = findArchivePolicyRule(rules, metricName)
  if (rule === null) {
    // gnocchi-compat: Python formats a missing name as `None`.
    throw badRequest(
      `No archive policy name specified and no archive policy rule found matching the metric name ${metricName ?? 'None'}`,
    )
  }
  return rule.archivePolicyName
}
