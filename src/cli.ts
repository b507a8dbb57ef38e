#!/usr/bin/env node
/**
 * The `polenta` command line (`npx polenta …`, package.json `bin`): a thin dispatcher over the
 * commands of `src/cli/`, one file each. `polenta --help` lists them, `polenta <command> --help`
 * shows one. Exit codes: 0 success, 1 the command failed (storage unreachable, import errors),
 * 2 a usage or configuration mistake.
 */
import { ConfigError } from './config.js'
import { checkCommand } from './cli/check.js'
import { type CliContext, type Command, UsageError } from './cli/command.js'
import { importCommand } from './cli/import.js'
import { serveCommand } from './cli/serve.js'
import { tokenCommand } from './cli/token.js'

const COMMANDS: readonly Command[] = [serveCommand, tokenCommand, checkCommand, importCommand]

const USAGE = [
  'usage: polenta <command> [options]',
  '',
  'Commands:',
  ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
  '',
  "Run 'polenta <command> --help' for a command's options.",
].join('\n')

/** True when the arguments ask for help (before a `--` terminator). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--')
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')
}

/** Runs one command line; resolves with the exit code. */
async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    ctx.stderr.write(`${USAGE}\n`)
    return 2
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    ctx.stdout.write(`${topic?.help ?? USAGE}\n`)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (command === undefined) {
    ctx.stderr.write(`polenta: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`)
    return 2
  }
  if (wantsHelp(rest)) {
    ctx.stdout.write(`${command.help}\n`)
    return 0
  }
  try {
    return await command.run(rest, ctx)
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`polenta ${command.name}: ${err.message}\n\n${command.help}\n`)
      return 2
    }
    if (err instanceof ConfigError) {
      ctx.stderr.write(`polenta ${command.name}: invalid configuration:\n${err.problems.map((p) => `  ${p}\n`).join('')}`)
      return 2
    }
    throw err
  }
}

main(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`polenta: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  },
)
