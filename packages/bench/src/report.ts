import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './model.js';

/**
 * Writes `<dir>/<stamp>.json` and `<dir>/<stamp>.md` (stamp = start time, `YYYY-MM-DDTHH-MM-SS`), and with
 * `latest` also `latest.json` / `latest.md`. Returns the paths written.
 */
export function writeReport(report: BenchReport, dir: string, latest: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/\..*$/, '').replace(/:/g, '-');
  const json = `${JSON.stringify(report, null, 1)}\n`;
  const md = `${renderMarkdown(report)}\n`;
  const files = [join(dir, `${stamp}.json`), join(dir, `${stamp}.md`)];
  writeFileSync(files[0]!, json);
  writeFileSync(files[1]!, md);
  if (latest) {
    files.push(join(dir, 'latest.json'), join(dir, 'latest.md'));
    writeFileSync(files[2]!, json);
    writeFileSync(files[3]!, md);
  }
  return files;
}
