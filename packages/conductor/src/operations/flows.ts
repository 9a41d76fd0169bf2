import { PowerState, ProvisionState as S, sortSteps } from '@ferric/core';
import type { ConductorTask } from '../task-manager.js';
import { doClean } from './cleaning.js';
import { errorMessage, failOperation, type OperationRuntime } from './runtime.js';
import { availableSteps, clearPlan } from './steps.js';

/*
 * The background halves of the single-shot provisioning operations (verify, inspect, tear down, rescue,
 * adopt, power). Each runs on the worker pool holding the node's exclusive lock (handed over by
 * `spawnAfter`), drives the driver interfaces and moves the state machine on success (`done`) or
 * failure (`fail`, with `last_error`). Step-based operations live in deploy/cleaning/servicing.ts.
 */

/** `verifying`: run verify steps, then `manageable` (failure → back to `enroll`). */
export async function doVerify(task: ConductorTask): Promise<void> {
  try {
    await task.driver.power.validate(task);
    await task.driver.management.validate(task);
    const steps = sortSteps(
      (await availableSteps(task, 'verify')).filter((s) => s.priority > 0),
      'verify',
    );
    // Ironic's `_do_node_verify` records the power state read during verification.
    const powerState = await task.driver.power.getPowerState(task);
    for (const step of steps) await task.driver[step.interface].executeVerifyStep(task, step);
    task.node.powerState = powerState;
    await recordBootMode(task);
    await recordFirmwareComponents(task);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await failOperation(task, 'Verification', err);
  }
}

/**
 * Caches `boot_mode` / `secure_boot` (API 1.75) from the management interface when it can tell; a
 * management interface without these capabilities (or a BMC error) leaves the fields unchanged.
 */
export async function recordBootMode(task: ConductorTask): Promise<void> {
  const mgmt = task.driver.management;
  try {
    task.node.bootMode = await mgmt.getBootMode(task);
  } catch (err) {
    task.logger.debug({ err }, 'boot mode not available');
  }
  try {
    task.node.secureBoot = await mgmt.getSecureBootState(task);
  } catch (err) {
    task.logger.debug({ err }, 'secure boot state not available');
  }
}

/**
 * Ironic's `node_cache_firmware_components` (after verification and inspection): the firmware
 * interface reads the component versions `GET /v1/nodes/{id}/firmware` shows (1.86). Never fails the
 * operation: interfaces without firmware support and BMC errors are only logged.
 */
export async function recordFirmwareComponents(task: ConductorTask): Promise<void> {
  try {
    await task.driver.firmware.validate(task);
    await task.driver.firmware.cacheFirmwareComponents(task);
  } catch (err) {
    task.logger.debug({ err: errorMessage(err) }, 'firmware components not cached');
  }
}

/** `inspecting`: hardware introspection (`inspect wait` for in-band inspection). */
export async function doInspect(task: ConductorTask): Promise<void> {
  try {
    task.node.inspectionStartedAt = new Date();
    task.node.inspectionFinishedAt = null;
    const result = await task.driver.inspect.inspectHardware(task);
    if (result === S.INSPECTWAIT) {
      // inspection_started_at stays set while the agent is expected to post its inventory.
      await task.processEvent('wait');
      return;
    }
    task.node.inspectionStartedAt = null;
    task.node.inspectionFinishedAt = new Date();
    await recordBootMode(task);
    await recordFirmwareComponents(task);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    task.node.inspectionStartedAt = null;
    await failOperation(task, 'Inspection', err);
  }
}

/**
 * In-band inspection data arrived (Ironic `continue_inspection`): the inspect interface processes it
 * in `inspecting`, then the node is `manageable`.
 */
export async function doContinueInspection(
  task: ConductorTask,
  inventory: Readonly<Record<string, unknown>>,
  pluginData?: Readonly<Record<string, unknown>>,
  store?: (
    inventory: Readonly<Record<string, unknown>>,
    pluginData: Readonly<Record<string, unknown>>,
  ) => Promise<void>,
): Promise<void> {
  try {
    await task.driver.inspect.continueInspection(task, inventory, pluginData);
    await store?.(inventory, pluginData ?? {});
    task.node.inspectionStartedAt = null;
    task.node.inspectionFinishedAt = new Date();
    await recordBootMode(task);
    await recordFirmwareComponents(task);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    task.node.inspectionStartedAt = null;
    await failOperation(task, 'Inspection', err);
  }
}

/** `deleting`: tear the instance down, then automated cleaning. */
export async function doTearDown(rt: OperationRuntime, task: ConductorTask): Promise<void> {
  try {
    await task.driver.deploy.tearDown(task);
    await task.driver.deploy.cleanUp(task);
    await task.driver.boot.cleanUpInstance(task);
    task.node.instanceInfo = {};
    task.node.instanceUuid = null;
    // Ironic's tear down deletes the node's allocation.
    if (task.node.allocationUuid) {
      await rt.nodes.allocations.delete(task.node.allocationUuid);
      task.node.allocationUuid = null;
    }
    clearPlan(task, 'deploy');
    await task.processEvent('clean');
  } catch (err) {
    await failOperation(task, 'Tear down', err);
    return;
  }
  await doClean(rt, task);
}

/** `rescuing`: boot the rescue environment (`rescue wait` for agent-based rescue). */
export async function doRescue(task: ConductorTask): Promise<void> {
  try {
    const result = await task.driver.rescue.rescue(task);
    await task.processEvent(result === S.RESCUEWAIT ? 'wait' : 'done', { lastError: null });
  } catch (err) {
    await failOperation(task, 'Rescue', err);
  }
}

/** `unrescuing`: back to the instance. */
export async function doUnrescue(task: ConductorTask): Promise<void> {
  try {
    await task.driver.rescue.unrescue(task);
    delete task.node.instanceInfo.rescue_password;
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await failOperation(task, 'Unrescue', err);
  }
}

/** Take-over: rebuild the boot environment on this conductor and record the affinity. */
export async function doTakeOver(task: ConductorTask): Promise<void> {
  await task.driver.deploy.prepare(task);
  await task.driver.deploy.takeOver(task);
  task.node.conductorAffinity = task.host;
  await task.save();
}

/** `adopting`: take an already-running instance under management → `active`. */
export async function doAdopt(task: ConductorTask): Promise<void> {
  try {
    await doTakeOver(task);
    await task.processEvent('done', { lastError: null });
  } catch (err) {
    await failOperation(task, 'Adoption', err);
  }
}

/** Performs a power action and records the reached state. */
export async function doPowerAction(task: ConductorTask, target: string, timeout?: number): Promise<void> {
  const power = task.driver.power;
  const options = timeout !== undefined ? { timeout } : {};
  try {
    if (target === PowerState.REBOOT) await power.reboot(task, options);
    else await power.setPowerState(task, target as Parameters<typeof power.setPowerState>[1], options);
    const reached =
      target === PowerState.OFF || target === PowerState.SOFT_POWER_OFF ? PowerState.OFF : PowerState.ON;
    task.node.powerState = reached;
    task.node.targetPowerState = null;
    task.node.lastError = null;
    await task.save();
  } catch (err) {
    task.node.targetPowerState = null;
    task.node.lastError = `Failed to change power state to '${target}': ${errorMessage(err)}`;
    task.logger.error({ err, target }, 'power action failed');
    await task.save();
  }
}
