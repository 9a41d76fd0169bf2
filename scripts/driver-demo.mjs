// A tour of the driver SDK without a conductor: compose drivers from the built-in
// plugin and the example out-of-tree driver, then walk a node through Ironic's
// provision state machine, calling the drivers as a conductor would.
import 'reflect-metadata';
import { collectPeriodicTasks, corePlugin, DriverFactory, DriverRegistry, sortSteps } from '@ferric/core';
import { createTestTask } from '@ferric/core/testing';
import acme from 'ferric-driver-acme';

const factory = new DriverFactory(new DriverRegistry().use(corePlugin).use(acme));
console.log(`hardware types: ${factory.enabledHardwareTypes().join(', ')}`);

for (const node of [
  { driver: 'fake-hardware', name: 'fake-0' },
  {
    driver: 'acme',
    name: 'acme-0',
    driverInfo: { acme_address: 'bmc-0', acme_username: 'admin', acme_password: 'secret' },
  },
]) {
  const task = createTestTask(node, { driver: factory.buildDriver(node) });
  const say = (what) => console.log(`  [${node.name}] ${task.node.provisionState.padEnd(12)} ${what}`);
  console.log(
    `\n${node.name} (${node.driver}): interfaces ${JSON.stringify(factory.resolveNodeInterfaces(node))}`,
  );
  await task.driver.power.validate(task);
  await task.processEvent('manage');
  await task.processEvent('done');
  say('verified');
  await task.processEvent('provide');
  const steps = [];
  for (const iface of Object.values(task.driver))
    steps.push(...(await iface.getCleanSteps(task)).filter((s) => s.priority > 0));
  for (const step of sortSteps(steps, 'clean')) {
    await task.driver[step.interface].executeCleanStep(task, step);
    say(`clean step ${step.interface}.${step.step}`);
  }
  await task.processEvent('done');
  await task.processEvent('deploy');
  await task.driver.deploy.executeDeployStep(task, { step: 'deploy' });
  await task.driver.power.setPowerState(task, 'power on');
  await task.processEvent('done');
  say(`deployed, power: ${await task.driver.power.getPowerState(task)}`);
  const periodics = collectPeriodicTasks(factory.hardwareType(node.driver)).map(
    (p) => `${p.name} every ${p.spacing}s`,
  );
  console.log(`  periodics: ${periodics.join(', ') || 'none'}`);
}
