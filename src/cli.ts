/**
 * The `polenta` command line. Subcommands:
 * - `token --user <id> [--project <id>] [--roles a,b] [--ttl <seconds>] [--private-key <pem file>]`:
 *   prints a JWT for the `jwt` auth mode, signed with `POLENTA_JWT_SECRET` unless a private
 *   key is given.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from './config.js'
import { mintToken, parseRoles, type SigningKey } from './cli/token.js'

const USAGE = 'usage: polenta token --user <id> [--project <id>] [--roles a,b] [--ttl <seconds>] [--private-key <pem file>]'

function tokenCommand(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      user: { type: 'string' },
      project: { type: 'string' },
      roles: { type: 'string' },
      ttl: { type: 'string' },
      'private-key': { type: 'string' },
    },
    strict: true,
  })
  if (values.user === undefined || values.user === '') {
    console.error(USAGE)
    return 2
  }
  let ttlSeconds: number | null = 3600
  if (values.ttl !== undefined) {
    const n = Number(values.ttl)
    if (!Number.isInteger(n) || n < 0) {
      console.error('--ttl must be a whole number of seconds (0 for no expiry)')
      return 2
    }
    ttlSeconds = n === 0 ? null : n
  }
  let key: SigningKey
  if (values['private-key'] !== undefined) {
    key = { privateKeyPem: readFileSync(values['private-key'], 'utf8') }
  } else {
    const secret = loadConfig().auth.jwtSecret
    if (secret === null) {
      console.error('POLENTA_JWT_SECRET is not set (or pass --private-key)')
      return 2
    }
    key = { secret }
  }
  const token = mintToken({ user: values.user, project: values.project ?? null, roles: parseRoles(values.roles), ttlSeconds }, key)
  process.stdout.write(`${token}\n`)
  return 0
}

function main(argv: string[]): number {
  const [command, ...rest] = argv
  switch (command) {
    case 'token':
      return tokenCommand(rest)
    default:
      console.error(USAGE)
      return 2
  }
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 2
}
