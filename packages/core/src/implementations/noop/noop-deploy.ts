import { deployStep } from '../../decorators/steps.js';
import type { PropertyDescriptions, StepResult } from '../../interfaces/base-interface.js';
import { DeployInterface } from '../../interfaces/deploy.js';

/** `noop` deploy: the instance is put in place by other means; deploying does nothing. @public */
export class NoopDeploy extends DeployInterface {
  getProperties(): PropertyDescriptions {
    return {};
  }
  validate(): void {}
  @deployStep({ priority: 100 })
  async deploy(): Promise<StepResult> {
    return undefined;
  }
  async tearDown(): Promise<void> {}
  async prepare(): Promise<void> {}
  async cleanUp(): Promise<void> {}
  async takeOver(): Promise<void> {}
}
