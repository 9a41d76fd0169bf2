import type { DeployTemplateRecord } from '@ferric/conductor';
import { isoTime, resourceLinks } from '../util.js';

/** Deploy template fields (all from 1.55). */
export const DEPLOY_TEMPLATE_FIELDS = ['uuid', 'name', 'steps', 'extra', 'created_at', 'updated_at', 'links'];
/** Fields of a deploy template list without `detail`. */
export const DEPLOY_TEMPLATE_DEFAULT_FIELDS = ['uuid', 'name', 'links'];

/** The full API dictionary of a deploy template. */
export function deployTemplateToApi(t: DeployTemplateRecord, base: string): Record<string, unknown> {
  return {
    uuid: t.uuid,
    name: t.name,
    steps: t.steps,
    extra: t.extra,
    created_at: isoTime(t.createdAt),
    updated_at: isoTime(t.updatedAt),
    links: resourceLinks(base, `deploy_templates/${t.uuid}`),
  };
}

/** A deploy template limited to `fields`. */
export function renderDeployTemplate(
  t: DeployTemplateRecord,
  base: string,
  fields: readonly string[],
): Record<string, unknown> {
  const all = deployTemplateToApi(t, base);
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in all) out[f] = all[f];
  return out;
}
