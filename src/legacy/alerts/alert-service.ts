/**
 * The alert operations of `/api/alerts/` (legacy-stats-api.md §2.2, §1.4): visibility, filters,
 * create-or-update, close, acknowledge, cancel acknowledgement, rendering and statistics.
 */
import { randomUUID } from 'node:crypto'
import type { ResourceRevision } from '../../model/resource.js'
import type { Alert } from '../../storage/index/alerts-types.js'
import type { IndexStore } from '../../storage/types.js'
import type { LegacyCaller } from '../caller.js'
import { LEGACY_TYPES } from '../data-model.js'
import { attr, loadEstate } from '../estate.js'
import { FieldErrorCollector, detailError, isLegacyError, notFoundError } from '../legacy-error.js'
import { lastParam, uuidKey, type QueryParams } from '../query-params.js'
import { parseAlertFilters, restoreScope } from './alert-filters.js'
import { alertVisible, visibleScopeIds } from './alert-visibility.js'
import type { LegacyUrls } from './scope-url.js'
import { STATS_KEYS, severityName, severityOf, type SeverityName } from './severity.js'

/** An alert as the API renders it, in the serializer's field order. */
export interface RenderedAlert {
  readonly url: string
  readonly uuid: string
  readonly alert_type: string
  readonly message: string
  readonly severity: SeverityName
  readonly scope: string | null
  readonly created: string
  readonly closed: string | null
  readonly context: Alert['context']
  readonly acknowledged: boolean
}

/** ISO-8601 with milliseconds and `Z`, as DRF renders datetimes. */
const isoMs = (us: number): string => new Date(Math.floor(us / 1000)).toISOString()

/** Renders alerts; a scope resource that no longer exists renders as `null`. */
export async function renderAlerts(index: IndexStore, urls: LegacyUrls, alerts: readonly Alert[]): Promise<RenderedAlert[]> {
  const exists = new Map<string, boolean>()
  for (const a of alerts) {
    if (!exists.has(a.scopeId)) exists.set(a.scopeId, (await index.getResource(a.scopeType, a.scopeId).catch(() => null)) !== null)
  }
  return alerts.map((a) => ({
    url: urls.alert(a.uuid),
    uuid: a.uuid,
    alert_type: a.alertType,
    message: a.message,
    severity: severityName(a.severity),
    scope: exists.get(a.scopeId) === true ? urls.scope(a.scopeType, a.scopeId) : null,
    created: isoMs(a.createdUs),
    closed: a.closedUs === null ? null : isoMs(a.closedUs),
    context: a.context,
    acknowledged: a.acknowledged,
  }))
}

/** Alerts visible to the caller that pass the query's filters, oldest first. */
export async function filteredAlerts(index: IndexStore, caller: LegacyCaller, query: QueryParams): Promise<Alert[]> {
  const estate = await loadEstate(index, caller)
  // Validation first: a bad filter fails before any alert is read.
  const filter = await parseAlertFilters(index, estate, query)
  const visible = alertVisible(await visibleScopeIds(index, caller, estate))
  return (await index.alerts.list()).filter((a) => visible(a) && filter(a))
}

/** Counts per severity, all four keys (the seed's spelling), zeros included. */
export function alertStats(alerts: readonly Alert[]): Record<SeverityName, number> {
  const out = Object.fromEntries(STATS_KEYS.map((k) => [k, 0])) as Record<SeverityName, number>
  for (const a of alerts) out[severityName(a.severity)]++
  return out
}

/** Orders of `?o=`; anything else keeps the default `-created`. */
export function orderAlerts(alerts: Alert[], o: string | undefined): Alert[] {
  const byCreated = (a: Alert, b: Alert): number => a.createdUs - b.createdUs || (a.uuid < b.uuid ? -1 : 1)
  switch (o) {
    case 'severity':
      return alerts.sort((a, b) => a.severity - b.severity || byCreated(a, b))
    case '-severity':
      return alerts.sort((a, b) => b.severity - a.severity || byCreated(b, a))
    case 'created':
      return alerts.sort(byCreated)
    default:
      return alerts.sort((a, b) => byCreated(b, a))
  }
}

/** The alert if it exists and the caller sees it, else the legacy 404. */
export async function visibleAlert(index: IndexStore, caller: LegacyCaller, uuid: string): Promise<Alert> {
  const alert = /^[0-9a-fA-F-]{32,36}$/.test(uuid) ? await index.alerts.get(uuidKey(uuid)) : null
  if (alert === null) throw notFoundError()
  if (!caller.isAdmin) {
    const ids = await visibleScopeIds(index, caller, await loadEstate(index, caller))
    if (!alertVisible(ids)(alert)) throw notFoundError()
  }
  return alert
}

const MAX_LENGTH = { message: 255, alert_type: 50 } as const

/** The context snapshot of a new alert: the scope and, when it leads to one, its customer. */
async function contextOf(index: IndexStore, scope: ResourceRevision): Promise<Alert['context']> {
  const context: Record<string, string> = {
    scope_name: attr(scope, 'name') ?? attr(scope, 'display_name') ?? scope.id,
    scope_uuid: uuidKey(scope.id),
  }
  let customerId: string | null = scope.type === LEGACY_TYPES.customer ? scope.id : attr(scope, 'customer_id')
  if (customerId === null && scope.projectId !== null) {
    const project = await index.getResource(LEGACY_TYPES.project, scope.projectId).catch(() => null)
    customerId = project === null ? null : attr(project.resource, 'customer_id')
  }
  const customer = customerId === null ? null : await index.getResource(LEGACY_TYPES.customer, customerId).catch(() => null)
  if (customer !== null) {
    context.customer_name = attr(customer.resource, 'name') ?? ''
    context.customer_uuid = uuidKey(customer.resource.id)
    context.customer_abbreviation = attr(customer.resource, 'abbreviation') ?? ''
  }
  return context
}

/**
 * `POST /api/alerts/`: validates the body (400 field map), then requires staff (403), then
 * creates or updates the open alert of (scope, alert_type).
 */
export async function raiseAlert(index: IndexStore, caller: LegacyCaller, body: unknown): Promise<Alert> {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const errors = new FieldErrorCollector()
  const text = (name: 'scope' | 'message' | 'alert_type'): string | null => {
    const v = fields[name]
    if (v === undefined) errors.add(name, 'This field is required.')
    else if (v === null) errors.add(name, 'This field may not be null.')
    else if (typeof v !== 'string' && typeof v !== 'number') errors.add(name, 'Not a valid string.')
    else {
      const s = String(v).trim()
      if (s === '') errors.add(name, 'This field may not be blank.')
      else if (name !== 'scope' && s.length > MAX_LENGTH[name]) errors.add(name, `Ensure this field has no more than ${MAX_LENGTH[name]} characters.`)
      else return s
    }
    return null
  }
  // DRF reports fields in the serializer's order: alert_type, message, severity, scope.
  const alertType = text('alert_type')
  const message = text('message')
  let severity: number | undefined
  const sv = fields.severity
  if (sv === undefined) errors.add('severity', 'This field is required.')
  else if (typeof sv !== 'string' || (severity = severityOf(sv)) === undefined) errors.add('severity', `"${String(sv)}" is not a valid choice.`)
  const scopeUrl = text('scope')
  let scope: ResourceRevision | null = null
  if (scopeUrl !== null) {
    try {
      scope = await restoreScope(index, scopeUrl)
    } catch (e) {
      if (!isLegacyError(e)) throw e
      errors.add('scope', `Can\`t restore object from url: ${scopeUrl}`)
    }
  }
  errors.throwIfAny()
  if (!caller.isAdmin) throw detailError(403, 'Permission denied.')
  if (scope === null || message === null || alertType === null || severity === undefined) throw detailError(400, 'Invalid alert.')
  const { alert } = await index.alerts.raise({
    uuid: randomUUID().replace(/-/g, ''),
    alertType,
    message,
    severity,
    scopeType: scope.type,
    scopeId: scope.id,
    context: await contextOf(index, scope),
  })
  return alert
}

/** `POST /api/alerts/<uuid>/close/`: staff only; closing twice re-stamps `closed`. */
export async function closeAlert(index: IndexStore, caller: LegacyCaller, uuid: string): Promise<void> {
  if (!caller.isAdmin) throw detailError(403, 'Permission denied.')
  const alert = await visibleAlert(index, caller, uuid)
  await index.alerts.update(alert.uuid, (a, nowUs) => ({ ...a, closedUs: nowUs, modifiedUs: nowUs }))
}

/** `acknowledge` / `cancel_acknowledgment`: anyone who sees the alert; 409 when already in that state. */
export async function setAcknowledged(index: IndexStore, caller: LegacyCaller, uuid: string, acknowledged: boolean): Promise<void> {
  const alert = await visibleAlert(index, caller, uuid)
  await index.alerts.update(alert.uuid, (a, nowUs) => {
    if (a.acknowledged === acknowledged) {
      throw detailError(409, acknowledged ? 'Alert is already acknowledged' : 'Alert is not acknowledged')
    }
    return { ...a, acknowledged, modifiedUs: nowUs }
  })
}

/** Page-number pagination of the alert list (`page`, `page_size` ≤ 300, default 10). */
export function pageOf<T>(items: readonly T[], query: QueryParams): { readonly page: number; readonly size: number; readonly items: T[] } {
  const sizeText = lastParam(query, 'page_size')
  const sizeValue = sizeText === undefined ? NaN : Number(sizeText)
  const size = Number.isInteger(sizeValue) && sizeValue > 0 ? Math.min(sizeValue, 300) : 10
  const pageText = lastParam(query, 'page') ?? '1'
  const page = pageText === 'last' ? Math.max(1, Math.ceil(items.length / size)) : Number(pageText)
  const pages = Math.max(1, Math.ceil(items.length / size))
  if (!Number.isInteger(page) || page < 1 || page > pages) throw detailError(404, 'Invalid page.')
  return { page, size, items: items.slice((page - 1) * size, page * size) }
}

