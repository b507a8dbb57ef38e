/**
 * The in-memory part of the index for alerts, derived only from `alert/<uuid>` documents (the
 * `alert_open` claims exist for cross-process uniqueness and carry nothing memory needs).
 */
import type { IndexChange } from '../types.js'
import { openAlertKey, type Alert } from './alerts-types.js'

/** Document kinds of alerts. */
export const ALERT_KIND = {
  alert: 'alert',
  open: 'alert_open',
} as const

/** Alerts by uuid plus the open alert of each (scope, type). Mutated only by {@link AlertState.apply}. */
export class AlertState {
  readonly byUuid = new Map<string, Alert>()
  /** Open alert per {@link openAlertKey}. */
  readonly open = new Map<string, Alert>()

  /** Applies one persisted `alert` change. Idempotent for puts. */
  apply(change: IndexChange): void {
    const old = this.byUuid.get(change.key)
    if (old !== undefined) {
      this.byUuid.delete(change.key)
      const key = openAlertKey(old.scopeType, old.scopeId, old.alertType)
      if (this.open.get(key) === old) this.open.delete(key)
    }
    if (change.op !== 'put') return
    const alert = change.value as Alert
    this.byUuid.set(alert.uuid, alert)
    if (alert.closedUs === null) this.open.set(openAlertKey(alert.scopeType, alert.scopeId, alert.alertType), alert)
  }
}
