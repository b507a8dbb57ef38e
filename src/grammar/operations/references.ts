/**
 * Metric references of an operations tree (gnocchi-aggregates.md §2.1 steps 2 and 3).
 */
import { GnocchiError } from '../../model/errors.js'
import type { MetricRef, OpNode } from './ast.js'
import { operationsToJson } from './print.js'

/** Cause of the "no metric" error (not in `CAUSES`: only this module raises it). */
export const NO_METRIC_CAUSE = 'Operations is invalid'
/** Reason of the "no metric" error. */
export const NO_METRIC_REASON = "At least one 'metric' is required"

/**
 * Every `(name, aggregation)` of every `metric` node, depth-first in operand order, keeping the
 * first appearance of exact duplicates.
 */
export function extractReferences(node: OpNode): readonly MetricRef[] {
  const out: MetricRef[] = []
  const seen = new Set<string>()
  collect(node, out, seen)
  return out
}

function collect(node: OpNode, out: MetricRef[], seen: Set<string>): void {
  switch (node.kind) {
    case 'metric':
      for (const ref of node.refs) {
        // Names may contain any character, so no separator is safe: prefix the name's length.
        const key = `${ref.name.length}:${ref.name}${ref.aggregation}`
        if (seen.has(key)) continue
        seen.add(key)
        out.push({ name: ref.name, aggregation: ref.aggregation })
      }
      return
    case 'aggregate':
    case 'resample':
    case 'rolling':
    case 'unary':
      collect(node.input, out, seen)
      return
    case 'binary':
      collect(node.left, out, seen)
      collect(node.right, out, seen)
      return
    case 'clip':
      collect(node.input, out, seen)
      collect(node.lower, out, seen)
      if (node.upper !== undefined) collect(node.upper, out, seen)
      return
    case 'number':
      return
  }
}

/**
 * {@link extractReferences}, failing when the tree has no metric at all.
 * @throws GnocchiError `INVALID_INPUT` (400) with
 *   `{"cause": "Operations is invalid", "reason": "At least one 'metric' is required", "detail": <operations as JSON lists>}`.
 *   gnocchi-compat: Gnocchi's detail holds Python floats (`["+", 1.0, 2.0]`); ours holds JS numbers,
 *   see gnocchi/rest/aggregates/api.py AggregatesController.post
 */
export function requireReferences(node: OpNode): readonly MetricRef[] {
  const refs = extractReferences(node)
  if (refs.length === 0) {
    throw new GnocchiError('INVALID_INPUT', { cause: NO_METRIC_CAUSE, reason: NO_METRIC_REASON, detail: operationsToJson(node) })
  }
  return refs
}
