/**
 * Alerts of the legacy NodeConductor API (legacy-stats-api.md §2), kept by the index next to
 * resources so every driver persists them through the same `IndexPersistence` documents:
 * - `alert/<uuid>`: an {@link Alert};
 * - `alert_open/<scope type>/<scope id>/<alert type>`: `{uuid}`, a claim written with `ifAbsent`
 *   while the alert is open, so two processes cannot open the same alert twice (the original's
 *   unique constraint on `(content_type, object_id, alert_type, is_closed)`).
 *
 * Times are integer microseconds since the epoch.
 */

/** A stored alert. `severity` is the legacy integer (Debug 10, Info 20, Warning 30, Error 40). */
export interface Alert {
  /** 32 lower-case hex digits (the legacy UUID spelling). */
  readonly uuid: string
  readonly alertType: string
  readonly message: string
  readonly severity: number
  /** Resource type of the scope (`customer`, `project`, `instance`, …). */
  readonly scopeType: string
  /** Resource id of the scope (canonical UUID). */
  readonly scopeId: string
  readonly createdUs: number
  readonly modifiedUs: number
  readonly closedUs: number | null
  readonly acknowledged: boolean
  /** Snapshot of related objects at creation; JSON-serialisable. */
  readonly context: Readonly<Record<string, string | number | boolean | null>>
}

/** What raising an alert gives: the open alert of (scope, type) is updated or a new one made. */
export interface AlertRaise {
  /** Used only when a new alert is created. */
  readonly uuid: string
  readonly alertType: string
  readonly message: string
  readonly severity: number
  readonly scopeType: string
  readonly scopeId: string
  readonly context: Alert['context']
}

/** A change to one alert, computed from its current state; may throw to refuse the change. */
export type AlertUpdate = (alert: Alert, nowUs: number) => Alert

/** Alerts in the index. Reads catch up with other processes first, like every index read. */
export interface AlertStore {
  /**
   * Create-or-update: when (scope, alert type) has an open alert, its message and severity are
   * replaced (`created` and `uuid` kept); otherwise a new open alert is stored. Returns the alert
   * and whether it was created.
   */
  raise(input: AlertRaise): Promise<{ readonly alert: Alert; readonly created: boolean }>
  /** The alert or null. */
  get(uuid: string): Promise<Alert | null>
  /** Every alert, oldest first. Returned objects are shared: never mutate them. */
  list(): Promise<Alert[]>
  /**
   * Applies `update` to the alert's current state (null when it does not exist). Closing
   * (`closedUs` set) releases the open claim so the same (scope, type) can be raised anew.
   */
  update(uuid: string, update: AlertUpdate): Promise<Alert | null>
}

/** Key of the open-alert claim of (scope, alert type). */
export const openAlertKey = (scopeType: string, scopeId: string, alertType: string): string =>
  `${scopeType}/${scopeId}/${alertType}`
