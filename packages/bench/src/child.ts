import { type ChildProcess, spawn } from 'node:child_process';

/** Outcome of {@link runBounded}. */
export interface BoundedRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  seconds: number;
}

/**
 * Runs a command to completion with a hard time bound: on timeout the whole process group gets SIGTERM,
 * then SIGKILL 5 s later. Output is collected (and optionally echoed line by line).
 */
export function runBounded(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; echo?: (line: string) => void },
): Promise<BoundedRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let pending = '';
    child.stdout.on('data', (c: Buffer) => {
      const s = c.toString('utf8');
      stdout += s;
      if (options.echo) {
        pending += s;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const l of lines) options.echo(l);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, options.timeoutMs);
    child.on('error', (err) => {
      stderr += String(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (options.echo && pending) options.echo(pending);
      resolve({ exitCode: code, stdout, stderr, timedOut, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

/** Signals the process group led by `child` (started with `detached: true`), ignoring "already gone". */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
