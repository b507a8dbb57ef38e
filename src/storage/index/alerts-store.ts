/**
 * {@link AlertStore} over the index's own plumbing: reads catch up through the index's `sync`,
 * writes go through its serialised, commit-then-apply `write`, so alerts get the same
 * durability and cross-process behaviour as resources on every driver.
 */
import type { IndexChange } from '../types.js'
import { ALERT_KIND, type AlertState } from './alerts-state.js'
import { openAlertKey, type Alert, type AlertRaise, type AlertStore, type AlertUpdate } from './alerts-types.js'

/** A write plan as the index runs it: changes to commit, then the value to return. */
export interface AlertWritePlan<T> {
  readonly changes: IndexChange[]
  readonly result: () => T
}

/** What the index lends the alert store. */
export interface AlertStoreDeps {
  readonly state: AlertState
  /** Catch up with other processes. */
  readonly sync: () => Promise<void>
  /** Run a write plan (serialised, retried after losing an `ifAbsent` race). */
  readonly write: <T>(plan: () => AlertWritePlan<T>) => Promise<T>
  /** Clock, µs. */
  readonly now: () => number
}

const put = (alert: Alert): IndexChange => ({ op: 'put', kind: ALERT_KIND.alert, key: alert.uuid, value: alert })

const claimKey = (a: Pick<Alert, 'scopeType' | 'scopeId' | 'alertType'>): string => openAlertKey(a.scopeType, a.scopeId, a.alertType)

/** Builds the alert store of one index. */
export function createAlertStore(deps: AlertStoreDeps): AlertStore {
  const { state } = deps
  const current = (uuid: string): Alert | null => state.byUuid.get(uuid) ?? null

  return {
    raise(input: AlertRaise) {
      return deps.write((): AlertWritePlan<{ alert: Alert; created: boolean }> => {
        const nowUs = deps.now()
        const key = claimKey(input)
        const open = state.open.get(key)
        if (open !== undefined) {
          const updated: Alert = { ...open, message: input.message, severity: input.severity, modifiedUs: nowUs }
          return { changes: [put(updated)], result: () => ({ alert: current(open.uuid) ?? updated, created: false }) }
        }
        const alert: Alert = {
          uuid: input.uuid,
          alertType: input.alertType,
          message: input.message,
          severity: input.severity,
          scopeType: input.scopeType,
          scopeId: input.scopeId,
          createdUs: nowUs,
          modifiedUs: nowUs,
          closedUs: null,
          acknowledged: false,
          context: input.context,
        }
        return {
          changes: [
            { op: 'put', kind: ALERT_KIND.open, key, value: { uuid: alert.uuid }, ifAbsent: true },
            { op: 'put', kind: ALERT_KIND.alert, key: alert.uuid, value: alert, ifAbsent: true },
          ],
          result: () => ({ alert: current(alert.uuid) ?? alert, created: true }),
        }
      })
    },

    async get(uuid: string) {
      await deps.sync()
      return current(uuid)
    },

    async list() {
      await deps.sync()
      return [...state.byUuid.values()].sort((a, b) => a.createdUs - b.createdUs || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0))
    },

    update(uuid: string, update: AlertUpdate) {
      return deps.write((): AlertWritePlan<Alert | null> => {
        const old = current(uuid)
        if (old === null) return { changes: [], result: () => null }
        const next: Alert = { ...update(old, deps.now()), uuid: old.uuid }
        const changes: IndexChange[] = [put(next)]
        // Closing releases the claim; reopening is not an operation of the API.
        if (old.closedUs === null && next.closedUs !== null) changes.push({ op: 'delete', kind: ALERT_KIND.open, key: claimKey(old) })
        return { changes, result: () => current(uuid) }
      })
    },
  }
}
