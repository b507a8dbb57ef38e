/** Which stored splits a {@link SplitRangeRequest} selects. */
import type { SplitRangeRequest } from '../types.js'

/**
 * True when the split starting at `startUs` (width `req.splitWidthUs`) overlaps
 * `[req.fromUs, req.toUs)`: it ends after `fromUs` and starts before `toUs`.
 */
export function splitInRange(startUs: number, req: Pick<SplitRangeRequest, 'fromUs' | 'toUs' | 'splitWidthUs'>): boolean {
  if (req.fromUs !== null && startUs + req.splitWidthUs <= req.fromUs) return false
  if (req.toUs !== null && startUs >= req.toUs) return false
  return true
}
