import { Conflict, InvalidParameterValue, ProvisionState as S } from '@ferric/core';
import type { NodePatch, NodeRecord } from '../model.js';

/**
 * Ironic's `_check_update_protected` / `_check_update_retired` for a node update: `protected` only
 * in `active` or `rescue`, `retired` never in `available`, a reason only with its flag set; clearing
 * a flag clears its reason. Mutates `patch` for the cleared reasons.
 * @throws Conflict (HTTP 409, Ironic's `InvalidState`), InvalidParameterValue
 */
export function checkProtectedAndRetired(node: NodeRecord, patch: NodePatch): void {
  const protectedNow = patch.protected ?? node.protected;
  if (patch.protected !== undefined && patch.protected !== node.protected) {
    if (!protectedNow) patch.protectedReason = null;
    else if (node.provisionState !== S.ACTIVE && node.provisionState !== S.RESCUE) {
      throw new Conflict(
        `Node ${node.uuid} can only be made protected in provision states 'active' or 'rescue', the current state is '${node.provisionState}'`,
      );
    }
  }
  if (patch.protectedReason && !protectedNow)
    throw new InvalidParameterValue('The protected_reason field can only be set when protected is True');

  const retiredNow = patch.retired ?? node.retired;
  if (patch.retired !== undefined && patch.retired !== node.retired) {
    if (!retiredNow) patch.retiredReason = null;
    else if (node.provisionState === S.AVAILABLE) {
      throw new Conflict(
        `Node ${node.uuid} can not have 'retired' set in provision state 'available', the current state is '${node.provisionState}'`,
      );
    }
  }
  if (patch.retiredReason && !retiredNow)
    throw new InvalidParameterValue('The retired_reason field can only be set when retired is True');
}
