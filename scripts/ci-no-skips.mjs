// Fails when the last vitest run (CI mode) skipped any test: in CI every real peer is installed,
// so a skipped test means something is missing, not something to ignore.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('../.tmp/vitest-report.json', import.meta.url), 'utf8'));
const skipped = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo')
    .map((test) => `${file.name.replace(`${process.cwd()}/`, '')} › ${test.fullName}`),
);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped`);
if (skipped.length > 0) {
  console.error(`Skipped in CI (a peer is missing?):\n  ${skipped.join('\n  ')}`);
  process.exit(1);
}
