/**
 * Cross-metric evaluation of `POST /v1/aggregates` (gnocchi-aggregates.md §2–§4), pure:
 * plan (references, groups, granularities, reads) → the caller reads storage → compute
 * (alignment, fill, overlap, operators, output lists).
 */
export type * from './types.js'
export { planAggregates, selectGranularities, type AggregatesMode, type AggregatesPlan, type AggregatesRequest, type PlannedGroup } from './plan.js'
export { computeAggregates, computeGroup, effectiveFill } from './compute.js'
export { runAggregates } from './run.js'
export { measuresTree, toTuples, type MeasuresTree, type PointTuple } from './measures-tree.js'
export { fnmatch } from '../fnmatch.js'
export { canonicalUuid, groupResources } from './references.js'
export { extractReferences, requireReferences } from '../../grammar/operations/index.js'
export { evaluate, type EvalContext } from './evaluate.js'
export type { Evaluated, Frame, Scalar } from './frame.js'
