import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';

const AIO = resolve(import.meta.dirname, '../../dist/ferric-aio.js');

/** Ferric all-in-one as a child process, logging to `logFile` (appended across restarts). */
export class FerricProcess {
  #child: ChildProcess | undefined;
  #log: WriteStream;
  constructor(
    private readonly env: Record<string, string>,
    logFile: string,
  ) {
    this.#log = createWriteStream(logFile, { flags: 'a' });
  }

  /** Starts it and resolves once the API listens. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [AIO], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#log.write(`\n==== ferric started (pid ${child.pid}) ${new Date().toISOString()}\n`);
    await new Promise<void>((ok, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error('ferric did not start in 60 s')), 60_000);
      child.stdout?.on('data', (c: Buffer) => {
        this.#log.write(c);
        seen += c.toString();
        if (seen.includes('E2E-FERRIC-READY')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.stderr?.on('data', (c: Buffer) => this.#log.write(c));
      child.on('exit', (code) => {
        this.#log.write(`==== ferric exited (${code})\n`);
        clearTimeout(timer);
        fail(new Error(`ferric exited with ${code} while starting`));
      });
    });
  }

  /** SIGKILL: no graceful stop, locks left behind — a crash. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.#log.write(`==== ferric killed ${new Date().toISOString()}\n`);
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
