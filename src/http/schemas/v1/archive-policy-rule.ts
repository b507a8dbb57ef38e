/**
 * Bodies of `/v1/archive_policy_rule` (gnocchi-rest.md §3.3), validated in voluptuous's words.
 * Wire names (`metric_pattern`, `archive_policy_name`) stop here.
 */
import type { ArchivePolicyRule } from '../../../model/archive-policy.js'
import { invalidInput } from '../../../model/errors.js'
import { documentedBody } from '../documented-body.js'

const RULE_KEYS = ['name', 'metric_pattern', 'archive_policy_name'] as const

function asRecord(body: unknown): Readonly<Record<string, unknown>> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidInput('expected a dictionary', [])
  return body as Readonly<Record<string, unknown>>
}

function rejectExtra(body: Readonly<Record<string, unknown>>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalidInput(`extra keys not allowed @ data['${key}']`, [key])
  }
}

function requiredString(body: Readonly<Record<string, unknown>>, key: string): string {
  const v = body[key]
  if (v === undefined) throw invalidInput(`required key not provided @ data['${key}']`, [key])
  if (typeof v !== 'string') throw invalidInput(`expected str for dictionary value @ data['${key}']`, [key])
  return v
}

/**
 * Validates a `POST /v1/archive_policy_rule` body: `name`, `metric_pattern` and
 * `archive_policy_name`, all required strings, nothing else.
 * @throws GnocchiError Invalid input.
 */
export function parseArchivePolicyRuleBody(body: unknown): ArchivePolicyRule {
  const b = asRecord(body)
  rejectExtra(b, RULE_KEYS)
  return {
    name: requiredString(b, 'name'),
    metricPattern: requiredString(b, 'metric_pattern'),
    archivePolicyName: requiredString(b, 'archive_policy_name'),
  }
}

/**
 * Validates a `PATCH /v1/archive_policy_rule/{name}` body, `{"name": <new name>}`; returns the new name.
 * @throws GnocchiError Invalid input.
 */
export function parseArchivePolicyRuleRename(body: unknown): string {
  const b = asRecord(body)
  rejectExtra(b, ['name'])
  return requiredString(b, 'name')
}

/** The JSON Schema of the `POST` body that {@link parseArchivePolicyRuleBody} validates. */
export const ARCHIVE_POLICY_RULE_BODY = documentedBody({
  type: 'object',
  required: ['name', 'metric_pattern', 'archive_policy_name'],
  properties: {
    name: { type: 'string' },
    metric_pattern: { type: 'string', description: 'fnmatch pattern over metric names; the longest matching pattern wins.', examples: ['disk.*'] },
    archive_policy_name: { type: 'string' },
  },
  additionalProperties: false,
})

/** The JSON Schema of the `PATCH` body that {@link parseArchivePolicyRuleRename} validates. */
export const ARCHIVE_POLICY_RULE_RENAME_BODY = documentedBody({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', description: 'The new name.' } },
  additionalProperties: false,
})
