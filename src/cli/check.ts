/**
 * `polenta check`: validates the configuration and the storage it points at, read-only, and
 * prints what it found (text, or JSON with `--json`). Exit 0 when healthy, 1 when the storage
 * cannot be opened or read, 2 for an invalid configuration.
 */
import { ConfigError, loadConfig } from '../config.js'
import { type Command, parseCommandArgs } from './command.js'
import { configSummary } from './check/config-summary.js'
import { type CheckReport, renderCheckReport } from './check/render-report.js'
import { inspectStorage } from './check/storage-report.js'
import { CONFIG_FLAG_OPTIONS, CONFIG_FLAGS_HELP, envWithFlags } from './config-flags.js'

const CHECK_OPTIONS = { ...CONFIG_FLAG_OPTIONS, json: { type: 'boolean' } } as const

/** `polenta check`. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'validate the configuration and storage connectivity, and report what is stored',
  help: [
    'usage: polenta check [--json] [configuration flags]',
    '',
    'Validates the configuration (every invalid variable is listed, exit 2), opens the storage',
    'without writing anything and reports: the configuration (secrets masked), the storage kind,',
    'Redis version, mode and AOF setting or the embedded data directory and its size, the number',
    'of archive policies, rules, resource types, resources and metrics, and the measure backlog.',
    'Exit 0 when healthy, 1 when the storage is unreachable or unreadable.',
    '',
    '  --json          machine-readable output on stdout',
    '',
    CONFIG_FLAGS_HELP,
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, CHECK_OPTIONS)
    const asJson = values.json === true
    let config
    try {
      config = loadConfig(envWithFlags(values, ctx.env))
    } catch (e) {
      if (!(asJson && e instanceof ConfigError)) throw e
      ctx.stdout.write(`${JSON.stringify({ healthy: false, config_errors: e.problems }, null, 2)}\n`)
      return 2
    }
    let report: CheckReport
    try {
      report = { healthy: true, config: configSummary(config), storage: await inspectStorage(config), error: null }
    } catch (e) {
      const error = `cannot use ${config.storage.kind} storage: ${e instanceof Error ? e.message : String(e)}`
      report = { healthy: false, config: configSummary(config), storage: null, error }
    }
    ctx.stdout.write(asJson ? `${JSON.stringify(report, null, 2)}\n` : renderCheckReport(report))
    return report.healthy ? 0 : 1
  },
}
