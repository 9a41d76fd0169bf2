import type { Migration } from 'kysely';
import { migration0001Initial } from './0001-initial.js';
import { migration0002ConductorRpcAddress } from './0002-conductor-rpc-address.js';
import { migration0003NodeFieldsHistory } from './0003-node-fields-history.js';
import { migration0004Chassis } from './0004-chassis.js';
import { migration0005SmartnicInspectionFinished } from './0005-smartnic-inspection-finished.js';
import { migration0006Portgroups } from './0006-portgroups.js';
import { migration0007DeployTemplates } from './0007-deploy-templates.js';
import { migration0008Allocations } from './0008-allocations.js';
import { migration0009Volume } from './0009-volume.js';
import { migration0010ListOrderIndexes } from './0010-list-order-indexes.js';
import { migration0011ApiNextFields } from './0011-api-next-fields.js';

/**
 * All schema migrations, keyed by a name that sorts in application order. Never edit a released
 * migration: add `0002-…` instead.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': migration0001Initial,
  '0002-conductor-rpc-address': migration0002ConductorRpcAddress,
  '0003-node-fields-history': migration0003NodeFieldsHistory,
  '0004-chassis': migration0004Chassis,
  '0005-smartnic-inspection-finished': migration0005SmartnicInspectionFinished,
  '0006-portgroups': migration0006Portgroups,
  '0007-deploy-templates': migration0007DeployTemplates,
  '0008-allocations': migration0008Allocations,
  '0009-volume': migration0009Volume,
  '0010-list-order-indexes': migration0010ListOrderIndexes,
  '0011-api-next-fields': migration0011ApiNextFields,
};
