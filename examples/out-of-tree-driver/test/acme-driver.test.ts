import {
  collectPeriodicTasks,
  corePlugin,
  DriverFactory,
  DriverRegistry,
  MissingParameterValue,
} from '@ferric/core';
import { createTestTask, describeConformance } from '@ferric/core/testing';
import acmePlugin, { AcmeHardware } from 'ferric-driver-acme';
import { describe, expect, it } from 'vitest';

// One call runs Ferric's driver conformance suite against the hardware type.
await describeConformance(AcmeHardware);

const node = {
  driver: 'acme',
  driverInfo: { acme_address: 'bmc-1.example', acme_username: 'admin', acme_password: 's3cret' },
};

describe('the acme driver', () => {
  it('declares its periodics on the power interface and on the hardware type', () => {
    const periodics = collectPeriodicTasks(new AcmeHardware());
    expect(periodics.map((p) => [p.name, p.spacing])).toEqual([
      ['AcmeHardware.reportFleetHealth', 300],
      ['AcmePower.checkBmcFirmware', 42],
    ]);
  });

  it('is composed by the registry with its own interfaces first', () => {
    const factory = new DriverFactory(new DriverRegistry().use(corePlugin).use(acmePlugin));
    expect(factory.resolveNodeInterfaces({ driver: 'acme' })).toMatchObject({
      power: 'acme',
      management: 'noop',
      boot: 'fake',
      deploy: 'fake',
      vendor: 'acme',
    });
  });

  it('powers the machine and runs its clean step and passthru', async () => {
    const task = createTestTask(node, { plugins: [acmePlugin] });
    await task.driver.power.setPowerState(task, 'power on');
    expect(await task.driver.power.getPowerState(task)).toBe('power on');
    const steps = await task.driver.power.getCleanSteps(task);
    expect(steps.map((s) => s.step)).toContain('resetBmc');
    await task.driver.power.executeCleanStep(task, { step: 'resetBmc' });
    expect(await task.driver.power.getPowerState(task)).toBe('power on');
    const route = task.driver.vendor.routes.node.get('identify')!;
    expect(route).toMatchObject({ httpMethods: ['POST'], async: false });
  });

  it('rejects missing driver_info precisely', () => {
    const task = createTestTask(
      { driver: 'acme', driverInfo: { acme_address: 'x' } },
      { plugins: [acmePlugin] },
    );
    expect(() => task.driver.power.validate(task)).toThrow(MissingParameterValue);
    expect(() => task.driver.power.validate(task)).toThrow(/acme_username, acme_password/);
  });
});
