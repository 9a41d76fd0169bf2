import { DuplicateEntry, InvalidParameterValue } from '@ferric/core';
import type { DeployTemplateFields, DeployTemplateStep, NodeRecord } from '../model.js';
import type { RequestedStep, RpcArgs, RpcResult } from '../rpc/contract.js';
import { invalidTraitMessage, isValidTrait } from '../traits.js';
import type { ServerContext } from './context.js';

/*
 * Deploy templates (Ironic 1.55): a template named like a trait adds its deploy steps to any deploy
 * whose `instance_info.traits` lists that trait (the traits must be node traits). Requested
 * `deploySteps` override template steps, which override the driver's.
 */

const STEP_INTERFACES = ['bios', 'deploy', 'management', 'power', 'raid'];

/** Ironic's deploy template validation. @throws InvalidParameterValue */
export function validateDeployTemplate(fields: DeployTemplateFields): void {
  if (fields.name !== undefined && !isValidTrait(fields.name))
    throw new InvalidParameterValue(
      invalidTraitMessage(fields.name).replace('Invalid trait', 'Invalid deploy template name'),
    );
  if (fields.steps === undefined) return;
  if (!Array.isArray(fields.steps) || fields.steps.length === 0)
    throw new InvalidParameterValue('A deploy template needs at least one step.');
  const seen = new Set<string>();
  for (const s of fields.steps as DeployTemplateStep[]) {
    if (!STEP_INTERFACES.includes(s?.interface))
      throw new InvalidParameterValue(
        `Invalid deploy step interface '${String(s?.interface)}'; expected one of ${STEP_INTERFACES.join(', ')}.`,
      );
    if (typeof s.step !== 'string' || s.step.length === 0 || s.step.length > 255)
      throw new InvalidParameterValue('Every deploy template step needs a "step" name.');
    if (!Number.isInteger(s.priority) || s.priority < 0)
      throw new InvalidParameterValue(
        `Deploy step ${s.interface}.${s.step}: "priority" must be a non-negative integer.`,
      );
    if (s.args === null || typeof s.args !== 'object' || Array.isArray(s.args))
      throw new InvalidParameterValue(`Deploy step ${s.interface}.${s.step}: "args" must be an object.`);
    const key = `${s.interface}.${s.step}`;
    if (seen.has(key)) throw new InvalidParameterValue(`Duplicate deploy step ${key} in the template.`);
    seen.add(key);
  }
}

async function assertFreeName(ctx: ServerContext, name: string | undefined, self?: string): Promise<void> {
  if (!name) return;
  const clash = await ctx.nodes.deployTemplates.get(name).catch(() => undefined);
  if (clash && clash.uuid !== self)
    throw new DuplicateEntry(`A deploy template with name ${name} already exists.`);
}

/** Creates a deploy template. */
export async function createDeployTemplate(
  ctx: ServerContext,
  req: RpcArgs<'createDeployTemplate'>,
): Promise<RpcResult<'createDeployTemplate'>> {
  ctx.assertRunning();
  validateDeployTemplate(req.template);
  await assertFreeName(ctx, req.template.name);
  return ctx.nodes.deployTemplates.create(req.template);
}

/** Updates a deploy template. */
export async function updateDeployTemplate(
  ctx: ServerContext,
  req: RpcArgs<'updateDeployTemplate'>,
): Promise<RpcResult<'updateDeployTemplate'>> {
  ctx.assertRunning();
  const t = await ctx.nodes.deployTemplates.get(req.template);
  validateDeployTemplate(req.patch);
  await assertFreeName(ctx, req.patch.name, t.uuid);
  return ctx.nodes.deployTemplates.update(t.uuid, req.patch);
}

/** Deletes a deploy template. */
export async function deleteDeployTemplate(
  ctx: ServerContext,
  req: RpcArgs<'deleteDeployTemplate'>,
): Promise<void> {
  ctx.assertRunning();
  const t = await ctx.nodes.deployTemplates.get(req.template);
  await ctx.nodes.deployTemplates.delete(t.uuid);
}

/** `instance_info.traits`, validated as Ironic: a list of the node's own traits. @throws InvalidParameterValue */
export function instanceTraits(node: NodeRecord): string[] {
  const traits = node.instanceInfo.traits;
  if (traits === undefined || traits === null) return [];
  if (!Array.isArray(traits) || traits.some((t) => typeof t !== 'string'))
    throw new InvalidParameterValue('instance_info.traits must be a list of strings.');
  const missing = (traits as string[]).filter((t) => !node.traits.includes(t));
  if (missing.length)
    throw new InvalidParameterValue(
      `Cannot specify instance traits that are not also node traits: ${missing.join(', ')}.`,
    );
  return traits as string[];
}

/** The deploy steps the node's matching templates add (template order by name). */
export async function templateDeploySteps(ctx: ServerContext, node: NodeRecord): Promise<RequestedStep[]> {
  const templates = await ctx.nodes.deployTemplates.listByNames(instanceTraits(node));
  return templates.flatMap((t) =>
    t.steps.map((s) => ({ interface: s.interface, step: s.step, args: s.args, priority: s.priority })),
  );
}
