/**
 * `@ferric/core/testing`: tools for driver authors — the conformance suite and an
 * in-memory `Task` for unit tests.
 * @packageDocumentation
 */
export {
  assertConformance,
  type ConformanceCheck,
  type ConformanceReport,
  checkConformance,
} from './conformance.js';
export { describeConformance } from './describe-conformance.js';
export { createTestTask, type TestTask, type TestTaskOptions } from './test-task.js';
