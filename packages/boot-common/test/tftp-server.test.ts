import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPacket, parseRequest, TftpServer, type TftpTransferLog } from '../src/index.js';

const run = promisify(execFile);

async function have(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${command} is required in CI (Debian tftp-hpa, atftp, curl).`);
    return false;
  }
}

let root: string;
let out: string;
let server: TftpServer;
let port: number;
const logs: TftpTransferLog[] = [];
const big = randomBytes(200_000);
const exact = randomBytes(1024);
const text = 'default boot\nlabel boot\r\n  kernel x\n';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferric-tftp-'));
  out = await mkdtemp(join(tmpdir(), 'ferric-tftp-out-'));
  await mkdir(join(root, 'pxelinux.cfg'));
  await writeFile(join(root, 'big.bin'), big);
  await writeFile(join(root, 'exact.bin'), exact);
  await writeFile(join(root, 'empty.bin'), '');
  await writeFile(join(root, 'pxelinux.cfg', '01-52-54-00-12-34-56'), text);
  await symlink('/etc/passwd', join(root, 'escape'));
  await writeFile(join(out, 'upload'), 'nope');
  server = new TftpServer({ root, host: '127.0.0.1', port: 0, timeoutMs: 500, retries: 3 });
  server.onTransfer = (log) => logs.push(log);
  await server.start();
  port = server.address().port;
});

afterAll(async () => {
  await server?.stop();
});

describe('packets', () => {
  it('parses requests with options, case-insensitively', () => {
    const request = parseRequest(Buffer.from('\0\x01a/b\0OCTET\0BLKSIZE\x001428\0tsize\x000\0', 'latin1'));
    expect(request).toEqual({
      opcode: 1,
      filename: 'a/b',
      mode: 'octet',
      options: { blksize: '1428', tsize: '0' },
    });
    expect(parseRequest(Buffer.from('\0\x01a\0', 'latin1'))).toBeNull();
    expect(errorPacket(1, 'x').toString('latin1')).toBe('\0\x05\0\x01x\0');
  });
});

describe.runIf(await have('tftp'))('with tftp-hpa', () => {
  it('gets files in octet mode (large, block-size multiple, empty)', async () => {
    for (const name of ['big.bin', 'exact.bin', 'empty.bin']) {
      await run('tftp', [
        '-m',
        'binary',
        '127.0.0.1',
        String(port),
        '-c',
        'get',
        name,
        join(out, `hpa-${name}`),
      ]);
      expect(await readFile(join(out, `hpa-${name}`))).toEqual(await readFile(join(root, name)));
    }
  });

  it('gets text in netascii mode', async () => {
    const target = join(out, 'hpa-ascii');
    await run('tftp', [
      '-m',
      'netascii',
      '127.0.0.1',
      String(port),
      '-c',
      'get',
      'pxelinux.cfg/01-52-54-00-12-34-56',
      target,
    ]);
    expect(await readFile(target, 'utf8')).toBe(text);
  });

  it('refuses writes and traversal', async () => {
    const put = await run('tftp', [
      '127.0.0.1',
      String(port),
      '-c',
      'put',
      join(out, 'upload'),
      'upload',
    ]).catch((e: { stdout: string; stderr: string }) => e);
    expect(`${put.stdout}${put.stderr}`).toMatch(/Read-only|Access violation|Error code 2/i);
    await expect(stat(join(root, 'upload'))).rejects.toThrow();
    for (const bad of ['../../../../etc/passwd', '/../etc/passwd', 'escape', 'pxelinux.cfg']) {
      const target = join(out, 'hpa-bad');
      const result = await run('tftp', ['127.0.0.1', String(port), '-c', 'get', bad, target]).catch(
        (e: { stdout: string; stderr: string }) => e,
      );
      expect(`${result.stdout}${result.stderr}`).toMatch(/File not found|Error code 1/i);
    }
  });
});

describe.runIf(await have('atftp'))('with atftp', () => {
  it('negotiates blksize and tsize (RFC 2347/2348/2349)', async () => {
    const target = join(out, 'atftp-big');
    logs.length = 0;
    await run('atftp', [
      '--get',
      '-r',
      'big.bin',
      '-l',
      target,
      '--option',
      'blksize 1024',
      '--option',
      'tsize 0',
      '--option',
      'timeout 2',
      '127.0.0.1',
      String(port),
    ]);
    expect(await readFile(target)).toEqual(big);
    expect(logs.at(-1)).toMatchObject({ ok: true, blockSize: 1024, bytes: big.length });
  });

  it('reports a missing file', async () => {
    const result = await run('atftp', [
      '--get',
      '-r',
      '../etc/passwd',
      '-l',
      join(out, 'x'),
      '127.0.0.1',
      String(port),
    ]).catch((e: { stdout: string; stderr: string }) => e);
    expect(`${result.stdout}${result.stderr}`).toMatch(/not found/i);
  });
});

describe.runIf(await have('curl'))('with curl tftp://', () => {
  it('downloads with a large block size', async () => {
    const { stdout } = await run(
      'curl',
      ['-sS', '--tftp-blksize', '1468', '-o', '-', `tftp://127.0.0.1:${port}/big.bin`],
      { encoding: 'buffer', maxBuffer: 1 << 22 },
    );
    expect(Buffer.compare(stdout as unknown as Buffer, big)).toBe(0);
  });

  it('gets nothing outside the root', async () => {
    for (const bad of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', 'escape']) {
      const result = await run('curl', ['-sS', '-o', '/dev/null', `tftp://127.0.0.1:${port}/${bad}`]).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((result as { code?: number }).code).toBeGreaterThan(0);
    }
  });
});

describe('protocol details', () => {
  it('answers a foreign TID with error 5 and keeps the transfer going', async () => {
    const client = createSocket('udp4');
    const stranger = createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', r));
    await new Promise<void>((r) => stranger.bind(0, '127.0.0.1', r));
    const messages: Buffer[] = [];
    const strangerMessages: Buffer[] = [];
    client.on('message', (m, from) => {
      messages.push(m);
      const opcode = m.readUInt16BE(0);
      if (opcode === 3 && messages.length === 1) {
        stranger.send(Buffer.from([0, 4, 0, 1]), from.port, from.address);
      }
      if (opcode === 3) client.send(Buffer.from([0, 4, m[2]!, m[3]!]), from.port, from.address);
    });
    stranger.on('message', (m) => strangerMessages.push(m));
    client.send(Buffer.from('\0\x01exact.bin\0octet\0', 'latin1'), port, '127.0.0.1');
    await expect
      .poll(() => messages.filter((m) => m.readUInt16BE(0) === 3).length, { timeout: 5000 })
      .toBe(3);
    await expect.poll(() => strangerMessages.length, { timeout: 5000 }).toBe(1);
    expect(strangerMessages[0]!.readUInt16BE(2)).toBe(5);
    const data = messages.filter((m) => m.readUInt16BE(0) === 3);
    expect(data.map((m) => m.length - 4)).toEqual([512, 512, 0]);
    client.close();
    stranger.close();
  });
});
