import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootFileNotFound, resolveInside, resolveInsideLexically } from '../src/index.js';

describe('resolveInside', () => {
  it('resolves names inside the root, with or without leading slashes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ferric-safe-'));
    await mkdir(join(root, 'a'));
    await writeFile(join(root, 'a', 'f'), 'x');
    await expect(resolveInside(root, 'a/f')).resolves.toMatch(/a\/f$/);
    await expect(resolveInside(root, '/a/f')).resolves.toMatch(/a\/f$/);
    await expect(resolveInside(root, 'a\\f')).resolves.toMatch(/a\/f$/);
    await expect(resolveInside(root, 'a/../a/f')).resolves.toMatch(/a\/f$/);
  });

  it('refuses traversal, NUL bytes and symlinks leading out', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ferric-safe-'));
    await symlink('/etc/passwd', join(root, 'escape'));
    for (const bad of ['../etc/passwd', '/../../etc/passwd', '..\\..\\etc\\passwd', 'escape', 'a\0b']) {
      await expect(resolveInside(root, bad)).rejects.toBeInstanceOf(BootFileNotFound);
    }
    // Lexically `..` is clamped at the root, never above it.
    expect(resolveInsideLexically(root, '../../x')).toBe(join(root, 'x'));
  });
});
