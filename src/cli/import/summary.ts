/** The end-of-import summary `polenta import` prints. */
import { formatSeconds } from './progress.js'
import { type ImportSummary, tallyText } from './importer.js'

/** True when nothing failed and nothing conflicted (skipped items are known limitations). */
export function importSucceeded(s: ImportSummary): boolean {
  return s.issues.every((i) => i.kind === 'skipped')
}

/** Renders the summary: per-kind counts, measures, duration, then every issue. */
export function renderImportSummary(s: ImportSummary): string {
  const lines = [
    'Import summary',
    `  archive policies       ${tallyText(s.archivePolicies)}`,
    `  archive policy rules   ${tallyText(s.archivePolicyRules)}`,
    `  resource types         ${tallyText(s.resourceTypes)}`,
    `  resources              ${tallyText(s.resources)}`,
    `  metrics                ${tallyText(s.metrics)}`,
    `  measures               ${s.measures.points} points in ${s.measures.series} series of ${s.measures.metrics} metrics${s.measures.failed > 0 ? `, ${s.measures.failed} metrics failed` : ''}`,
    `  source requests        ${s.sourceRequests} (${s.sourceRetries} retries)`,
    `  duration               ${formatSeconds(s.durationMs / 1000)}`,
  ]
  const counts = { conflict: 0, failed: 0, skipped: 0 }
  for (const i of s.issues) counts[i.kind]++
  if (s.issues.length > 0) {
    lines.push('', `Issues: ${counts.failed} failed, ${counts.conflict} conflicts, ${counts.skipped} skipped`)
    for (const i of s.issues) lines.push(`  ${i.kind.padEnd(8)} ${i.subject}: ${i.message}`)
  }
  lines.push('', importSucceeded(s) ? 'Import complete.' : 'Import incomplete: see the failures and conflicts above.')
  return `${lines.join('\n')}\n`
}
