/**
 * Archive policy rules, `/v1/archive_policy_rule` (gnocchi-rest.md §3.3).
 */
import type { FastifyPluginAsync } from 'fastify'
import { renderArchivePolicyRule } from '../../../engine/archive-policy/index.js'
import { notFound } from '../../../model/errors.js'
import { authorize } from '../../policy/authorize.js'
import { parseArchivePolicyRuleBody, parseArchivePolicyRuleRename } from '../../schemas/v1/archive-policy-rule.js'
import { ARCHIVE_POLICY_RULE_ROUTES } from '../../schemas/v1/routes/archive-policy-rules.js'
import type { V1RouteOptions } from './options.js'

interface NameParams {
  readonly name: string
}

/** Registers the archive policy rule routes under `/v1`. */
export const archivePolicyRuleRoutes: FastifyPluginAsync<V1RouteOptions> = async (app, { services }) => {
  const { index } = services

  app.get('/archive_policy_rule', { schema: ARCHIVE_POLICY_RULE_ROUTES.list }, async (request) => {
    authorize(request.identity, 'list archive policy rule')
    return (await index.listArchivePolicyRules()).map(renderArchivePolicyRule)
  })

  app.post('/archive_policy_rule', { schema: ARCHIVE_POLICY_RULE_ROUTES.create }, async (request, reply) => {
    authorize(request.identity, 'create archive policy rule')
    const created = await index.createArchivePolicyRule(parseArchivePolicyRuleBody(request.body))
    return reply
      .code(201)
      .header('location', request.apiUrl(`/v1/archive_policy_rule/${encodeURIComponent(created.name)}`))
      .send(renderArchivePolicyRule(created))
  })

  app.get<{ Params: NameParams }>('/archive_policy_rule/:name', { schema: ARCHIVE_POLICY_RULE_ROUTES.get }, async (request) => {
    authorize(request.identity, 'get archive policy rule')
    const rule = await index.getArchivePolicyRule(request.params.name)
    if (rule === null) throw notFound(`Archive policy rule ${request.params.name} does not exist`)
    return renderArchivePolicyRule(rule)
  })

  app.patch<{ Params: NameParams }>('/archive_policy_rule/:name', { schema: ARCHIVE_POLICY_RULE_ROUTES.rename }, async (request) => {
    authorize(request.identity, 'update archive policy rule')
    const newName = parseArchivePolicyRuleRename(request.body)
    return renderArchivePolicyRule(await index.renameArchivePolicyRule(request.params.name, newName))
  })

  app.delete<{ Params: NameParams }>('/archive_policy_rule/:name', { schema: ARCHIVE_POLICY_RULE_ROUTES.delete }, async (request, reply) => {
    authorize(request.identity, 'delete archive policy rule')
    await index.deleteArchivePolicyRule(request.params.name)
    return reply.code(204).send()
  })
}
