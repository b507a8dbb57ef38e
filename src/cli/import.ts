/**
 * `polenta import`: copies a Gnocchi (or Polenta) deployment, read through its REST API, into
 * the storage this configuration points at. See `import/importer.ts` for what is copied and how
 * re-runs behave.
 *
 * The target is opened with `openServices` but without seeding the default archive policies, so
 * the target ends up with the source's policies only. With the embedded driver the server must
 * not run on the same data directory during the import: LMDB would let both processes in, but a
 * running server keeps its index in memory and would neither see the imported objects nor
 * coordinate its processing with the import's writes. With Redis, running servers are fine: they
 * follow the index change stream and the metric locks are shared.
 */
import { openServices } from '../bootstrap.js'
import { loadConfig } from '../config.js'
import { type Command, UsageError, parseBooleanFlag, parseCommandArgs, parseIntegerFlag } from './command.js'
import { CONFIG_FLAG_OPTIONS, CONFIG_FLAGS_HELP, envWithFlags } from './config-flags.js'
import { runImport } from './import/importer.js'
import { createProgress } from './import/progress.js'
import { SourceClient, SourceError, basicAuthHeader, parseHeaderFlag } from './import/source-client.js'
import { importSucceeded, renderImportSummary } from './import/summary.js'

const IMPORT_OPTIONS = {
  ...CONFIG_FLAG_OPTIONS,
  from: { type: 'string' },
  user: { type: 'string' },
  token: { type: 'string' },
  header: { type: 'string', multiple: true },
  'include-measures': { type: 'string' },
  refresh: { type: 'boolean' },
  concurrency: { type: 'string' },
  'page-size': { type: 'string' },
  'progress-interval': { type: 'string' },
  json: { type: 'boolean' },
} as const

/** `polenta import`. */
export const importCommand: Command = {
  name: 'import',
  summary: "import a Gnocchi deployment's data through its REST API into the local storage",
  help: [
    'usage: polenta import --from <url> [--user admin | --token T | --header "K: V" …]',
    '                      [--include-measures true|false] [--refresh] [--concurrency N] [--json]',
    '                      [configuration flags]',
    '',
    'Reads archive policies, archive policy rules, resource types, resources, metrics and the',
    'aggregated measures of every (method, granularity) from a Gnocchi-compatible API and writes',
    'them into the configured storage. Objects already present and equal are left alone, resources',
    'that differ are updated, other differences are reported as conflicts; running it twice gives',
    'the same state. With the embedded storage, stop the server on that data directory first.',
    '',
    '  --from <url>                 the source base URL, without /v1 (e.g. http://gnocchi:8041)',
    '  --user <name[:password]>     HTTP basic authentication (Gnocchi basic auth: --user admin)',
    '  --token <token>              X-Auth-Token header (Keystone or a Polenta JWT)',
    '  --header "Name: value"       any other header (repeatable)',
    '  --include-measures <bool>    import measures too (default true)',
    '  --refresh                    ask the source to process pending measures first (refresh=true)',
    '  --concurrency <n>            source requests in flight for measures (default 4)',
    '  --page-size <n>              items per listing page (default 1000; the source may clamp it)',
    '  --progress-interval <s>      seconds between progress lines when stderr is not a terminal (default 5)',
    '  --json                       print the summary as JSON on stdout',
    '',
    'Exit 0 when everything was imported, 1 when something failed or conflicted (listed at the end).',
    '',
    CONFIG_FLAGS_HELP,
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, IMPORT_OPTIONS)
    if (values.from === undefined || values.from === '') throw new UsageError('--from is required')
    let baseUrl: URL
    try {
      baseUrl = new URL(values.from)
    } catch {
      throw new UsageError(`--from ${JSON.stringify(values.from)} is not a URL`)
    }
    if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw new UsageError('--from must be an http:// or https:// URL')
    const headers: Record<string, string> = {}
    if (values.user !== undefined && values.token !== undefined) throw new UsageError('give --user or --token, not both')
    if (values.user !== undefined) Object.assign(headers, basicAuthHeader(values.user))
    if (values.token !== undefined) headers['x-auth-token'] = values.token
    for (const h of values.header ?? []) {
      const parsed = parseHeaderFlag(h)
      if (parsed === null) throw new UsageError(`--header expects "Name: value", not ${JSON.stringify(h)}`)
      headers[parsed[0]] = parsed[1]
    }
    const includeMeasures = values['include-measures'] === undefined ? true : parseBooleanFlag('include-measures', values['include-measures'])
    const concurrency = values.concurrency === undefined ? 4 : parseIntegerFlag('concurrency', values.concurrency, 1, 256)
    const pageSize = values['page-size'] === undefined ? 1000 : parseIntegerFlag('page-size', values['page-size'], 1, 100_000)
    const intervalS = values['progress-interval'] === undefined ? 5 : parseIntegerFlag('progress-interval', values['progress-interval'], 1, 3600)
    const config = loadConfig(envWithFlags(values, ctx.env))

    const source = new SourceClient({ baseUrl: values.from, headers })
    const opened = await openServices({ ...config, defaultArchivePolicies: false })
    const progress = createProgress(ctx.stderr, intervalS * 1000)
    progress.note(`importing from ${source.url('')} into ${config.storage.kind} storage${config.storage.kind === 'embedded' ? ` (${config.storage.dataDir})` : ''}`)
    try {
      const summary = await runImport(
        source,
        { index: opened.services.index, series: opened.services.driver.series },
        { includeMeasures, concurrency, pageSize, refresh: values.refresh === true },
        progress,
      )
      progress.stop()
      if (values.json === true) ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
      else ctx.stdout.write(renderImportSummary(summary))
      return importSucceeded(summary) ? 0 : 1
    } catch (e) {
      progress.stop()
      if (!(e instanceof SourceError)) throw e
      ctx.stderr.write(`polenta import: cannot read the source: ${e.message}\n`)
      return 1
    } finally {
      await opened.close()
    }
  },
}
