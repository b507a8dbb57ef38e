/**
 * `polenta serve`: runs the service like `npm start`, with command-line flags overriding the
 * environment (see {@link CONFIG_FLAGS}).
 */
import { loadConfig } from '../config.js'
import { type Command, parseCommandArgs } from './command.js'
import { CONFIG_FLAG_OPTIONS, CONFIG_FLAGS_HELP, envWithFlags } from './config-flags.js'

/** `polenta serve`. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the API server (same as npm start; flags override the environment)',
  help: [
    'usage: polenta serve [--port N] [--host H] [--storage embedded|redis|memory] [--data-dir DIR]',
    '                     [--redis-url URL] [--redis-cluster host:port,…] [--redis-prefix P] [--auth MODE]',
    '                     [--base-path /prefix] [--log-level LEVEL] [--set NAME=value …]',
    '',
    'Runs the Gnocchi-compatible API until SIGTERM or SIGINT.',
    '',
    CONFIG_FLAGS_HELP,
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseCommandArgs(args, CONFIG_FLAG_OPTIONS)
    const config = loadConfig(envWithFlags(values, ctx.env))
    // Loaded here, not at the top: the HTTP stack takes seconds to load on a busy machine and
    // every other command (and `--help`) would pay for it.
    const { runServer } = await import('../run-server.js')
    // runServer resolves once listening; the process then lives until a signal ends it.
    await runServer(config)
    return 0
  },
}
