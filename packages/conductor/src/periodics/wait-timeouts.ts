import { type ProvisionStateName, ProvisionState as S } from '@ferric/core';
import type { ConductorPeriodicContext } from '../node-iterator.js';
import type { OperationRuntime } from '../operations/runtime.js';

/**
 * `*wait` callback timeouts (Ironic `_check_deploy_timeouts` & co): nodes sitting in a wait state
 * longer than its timeout (measured from `provision_updated_at`, which live agents bump) fail with
 * `last_error`. Clean failures also set maintenance with fault `clean failure`.
 */
export async function checkWaitTimeouts(rt: OperationRuntime, ctx: ConductorPeriodicContext): Promise<void> {
  const c = rt.config;
  const checks: [ProvisionStateName, number, string][] = [
    [S.DEPLOYWAIT, c.deployCallbackTimeout, 'deploy'],
    [S.CLEANWAIT, c.cleanCallbackTimeout, 'cleaning'],
    [S.INSPECTWAIT, c.inspectWaitTimeout, 'inspection'],
    [S.RESCUEWAIT, c.rescueCallbackTimeout, 'rescue'],
  ];
  for (const [state, timeout, what] of checks) {
    const before = new Date(Date.now() - timeout * 1000);
    await ctx.forEachTask(
      { provisionState: state, provisionedBefore: before, reserved: false },
      { purpose: `${what} timeout`, shared: false },
      async (task) => {
        if (task.node.provisionState !== state) return false;
        const lastError = `Timeout reached while waiting for callback for node ${task.node.uuid} (${what}, ${timeout} s).`;
        if (state === S.CLEANWAIT) {
          try {
            await task.driver.deploy.tearDownCleaning(task);
          } catch (err) {
            task.logger.warn({ err }, 'tear down of cleaning failed after timeout');
          }
          task.node.maintenance = true;
          task.node.fault = 'clean failure';
          task.node.maintenanceReason = lastError;
        }
        if (state === S.INSPECTWAIT) {
          try {
            await task.driver.inspect.abort(task);
          } catch {
            // Not all inspect interfaces can abort.
          }
        }
        await task.processEvent('fail', { lastError });
        return true;
      },
    );
  }
}
