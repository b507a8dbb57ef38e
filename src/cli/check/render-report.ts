/** The human-readable form of a `polenta check` report. */
import type { StorageReport } from './storage-report.js'

/** A `check` report: configuration, storage and the verdict. */
export interface CheckReport {
  readonly healthy: boolean
  readonly config: Readonly<Record<string, string | number | boolean | null>>
  readonly storage: StorageReport | null
  /** What failed, when unhealthy. */
  readonly error: string | null
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`
}

const onOff = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'on' : 'off')

/** Renders the report as aligned text lines. */
export function renderCheckReport(report: CheckReport): string {
  const lines: string[] = ['Configuration']
  const width = Math.max(...Object.keys(report.config).map((k) => k.length))
  for (const [k, v] of Object.entries(report.config)) if (v !== null) lines.push(`  ${k.padEnd(width)}  ${String(v)}`)
  const s = report.storage
  lines.push('', 'Storage')
  if (s !== null) {
    lines.push(`  kind  ${s.kind}`)
    if (s.embedded !== null) {
      lines.push(`  data directory  ${s.embedded.dataDir}${s.embedded.exists ? '' : ' (does not exist)'}`)
      if (s.embedded.exists) lines.push(`  size on disk    ${formatBytes(s.embedded.sizeBytes)}`)
    }
    if (s.redis !== null) {
      lines.push(`  redis ${s.redis.mode}, ${s.redis.nodes.length} master${s.redis.nodes.length === 1 ? '' : 's'}`)
      for (const n of s.redis.nodes) {
        const save = n.lastSaveAgeSeconds === null ? '' : `, last RDB save ${n.lastSaveAgeSeconds} s ago`
        lines.push(`    ${n.address}  version ${n.version ?? 'unknown'}, mode ${n.mode ?? 'unknown'}, AOF ${onOff(n.aof)}${save}`)
      }
    }
    if (s.counts !== null) {
      lines.push('  index')
      for (const [k, v] of Object.entries(s.counts)) lines.push(`    ${k.replaceAll('_', ' ').padEnd(21)} ${v}`)
    }
    if (s.backlog !== null) lines.push(`  backlog  ${s.backlog.measures} queued batch(es) on ${s.backlog.metrics} metric(s)`)
    for (const note of s.notes) lines.push(`  note: ${note}`)
  }
  lines.push('', report.healthy ? 'OK: storage reachable' : `FAILED: ${report.error ?? 'unknown error'}`)
  return `${lines.join('\n')}\n`
}
