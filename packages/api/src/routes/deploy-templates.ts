import type { DeployTemplateFields, DeployTemplateStep } from '@ferric/conductor';
import type { JsonObject } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersionOr404, viewContext } from '../context.js';
import { badRequest } from '../errors.js';
import { effectiveLimit, nextLink, parseDetail, parseFields, parseSortKey } from '../listing.js';
import { applyResourcePatch, type PatchOperation } from '../patch.js';
import {
  deployTemplateCreateBody,
  deployTemplateListQuery,
  deployTemplateParams,
  deployTemplatePatchedDocument,
  fieldsQuery,
  jsonPatchBody,
} from '../schemas.js';
import { jsonEqual } from '../util.js';
import { assertValid } from '../validation.js';
import {
  DEPLOY_TEMPLATE_DEFAULT_FIELDS,
  DEPLOY_TEMPLATE_FIELDS,
  deployTemplateToApi,
  renderDeployTemplate,
} from '../views/deploy-template.js';

type ListQuery = Record<string, string | undefined>;
type T = { Params: { template_ident: string } };

/** Deploy templates (API 1.55): list, detail, show, create, JSON Patch update, delete. */
export function registerDeployTemplateRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const base = (request: FastifyRequest) => viewContext(ctx, request).base;

  async function list(
    request: FastifyRequest<{ Querystring: ListQuery }>,
    forceDetail: boolean,
    path: string,
  ) {
    requireVersionOr404(request, 55);
    const q = request.query;
    const fields = parseFields(q.fields, DEPLOY_TEMPLATE_FIELDS, request.apiMinor);
    const detail = forceDetail || parseDetail(q.detail, fields, request.apiMinor);
    const sortKey = parseSortKey(q.sort_key, ['created_at', 'uuid', 'name'] as const, DEPLOY_TEMPLATE_FIELDS);
    const limit = effectiveLimit(q.limit);
    const page = await inventory.listDeployTemplates({
      limit,
      ...(q.marker ? { marker: q.marker } : {}),
      ...(sortKey ? { sortKey } : {}),
      ...(q.sort_dir ? { sortDir: q.sort_dir as 'asc' | 'desc' } : {}),
    });
    const shown = fields ?? (detail ? DEPLOY_TEMPLATE_FIELDS : DEPLOY_TEMPLATE_DEFAULT_FIELDS);
    const body: Record<string, unknown> = {
      deploy_templates: page.items.map((t) => renderDeployTemplate(t, base(request), shown)),
    };
    const next = nextLink(base(request), path, q, limit, page.next);
    if (next) body.next = next;
    return body;
  }

  const listSchema = { querystring: deployTemplateListQuery, tags: ['deploy_templates'] };
  app.get<{ Querystring: ListQuery }>(
    '/v1/deploy_templates',
    { schema: { ...listSchema, summary: 'List deploy templates' } },
    (r) => list(r, false, 'deploy_templates'),
  );
  app.get<{ Querystring: ListQuery }>(
    '/v1/deploy_templates/detail',
    { schema: { ...listSchema, summary: 'List deploy templates with every field' } },
    (r) => {
      if (r.query.detail !== undefined)
        throw badRequest('The "detail" parameter is not allowed on /deploy_templates/detail.');
      return list(r, true, 'deploy_templates/detail');
    },
  );

  app.get<T & { Querystring: { fields?: string } }>(
    '/v1/deploy_templates/:template_ident',
    {
      schema: {
        params: deployTemplateParams,
        querystring: fieldsQuery,
        summary: 'Show a deploy template',
        tags: ['deploy_templates'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 55);
      const fields = parseFields(request.query.fields, DEPLOY_TEMPLATE_FIELDS, request.apiMinor);
      const t = await inventory.getDeployTemplate(request.params.template_ident);
      return renderDeployTemplate(t, base(request), fields ?? DEPLOY_TEMPLATE_FIELDS);
    },
  );

  app.post<{ Body: { uuid?: string; name: string; steps: DeployTemplateStep[]; extra?: JsonObject } }>(
    '/v1/deploy_templates',
    {
      schema: {
        body: deployTemplateCreateBody,
        summary: 'Create a deploy template',
        tags: ['deploy_templates'],
      },
    },
    async (request, reply) => {
      requireVersionOr404(request, 55);
      const b = request.body;
      const t = await rpc.createDeployTemplate({
        requestId: requestId(request),
        template: {
          name: b.name,
          steps: b.steps,
          ...(b.extra !== undefined ? { extra: b.extra } : {}),
          ...(b.uuid ? { uuid: b.uuid.toLowerCase() } : {}),
        },
      });
      return reply
        .code(201)
        .header('Location', `${base(request)}/v1/deploy_templates/${t.uuid}`)
        .send(renderDeployTemplate(t, base(request), DEPLOY_TEMPLATE_FIELDS));
    },
  );

  app.patch<T & { Body: PatchOperation[] }>(
    '/v1/deploy_templates/:template_ident',
    {
      schema: {
        params: deployTemplateParams,
        body: jsonPatchBody,
        summary: 'Update a deploy template',
        tags: ['deploy_templates'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 55);
      const t = await inventory.getDeployTemplate(request.params.template_ident);
      const doc = deployTemplateToApi(t, '');
      const patched = applyResourcePatch(doc, request.body, {
        allowed: ['name', 'steps', 'extra'],
        mandatory: ['name', 'steps'],
        defaults: { extra: {} },
      });
      assertValid(
        deployTemplatePatchedDocument,
        { name: patched.name, steps: patched.steps, extra: patched.extra },
        'deploy template',
      );
      const patch: DeployTemplateFields = {};
      if (!jsonEqual(patched.name, doc.name)) patch.name = patched.name as string;
      if (!jsonEqual(patched.steps, doc.steps)) patch.steps = patched.steps as DeployTemplateStep[];
      if (!jsonEqual(patched.extra, doc.extra)) patch.extra = patched.extra as JsonObject;
      const updated = Object.keys(patch).length
        ? await rpc.updateDeployTemplate({ requestId: requestId(request), template: t.uuid, patch })
        : t;
      return renderDeployTemplate(updated, base(request), DEPLOY_TEMPLATE_FIELDS);
    },
  );

  app.delete<T>(
    '/v1/deploy_templates/:template_ident',
    {
      schema: {
        params: deployTemplateParams,
        summary: 'Delete a deploy template',
        tags: ['deploy_templates'],
      },
    },
    async (request, reply) => {
      requireVersionOr404(request, 55);
      const t = await inventory.getDeployTemplate(request.params.template_ident);
      await rpc.deleteDeployTemplate({ requestId: requestId(request), template: t.uuid });
      return reply.code(204).send();
    },
  );
}
