import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { InvalidAuthConfig } from './errors.js';
import type { Authenticator } from './types.js';

/**
 * Parses an Apache htpasswd file with bcrypt entries (`user:$2y$…`), as Ironic's `http_basic` does.
 * @throws InvalidAuthConfig on unreadable files and non-bcrypt entries.
 */
export function parseHtpasswd(text: string, source = 'htpasswd'): Map<string, string> {
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const idx = trimmed.indexOf(':');
    if (idx <= 0) throw new InvalidAuthConfig(`${source}:${i + 1}: expected 'user:bcrypt-hash'.`);
    const user = trimmed.slice(0, idx);
    const hash = trimmed.slice(idx + 1);
    if (!/^\$2[abyx]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) {
      throw new InvalidAuthConfig(`${source}:${i + 1}: only bcrypt hashes are supported (htpasswd -B).`);
    }
    users.set(user, hash.replace(/^\$2y\$/, '$2b$'));
  });
  return users;
}

/** HTTP Basic against a bcrypt htpasswd file (re-read when it changes on disk is not needed: read once). @public */
export function createHtpasswdAuthenticator(file: string): Authenticator {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InvalidAuthConfig(`Cannot read htpasswd file ${file}: ${(cause as Error).message}`);
  }
  const users = parseHtpasswd(text, file);
  // Compared when the user is unknown, at the same cost as real entries, so timing does not reveal users.
  const cost = Number(/^\$2.\$(\d\d)\$/.exec([...users.values()][0] ?? '')?.[1] ?? 10);
  const dummyHash = bcrypt.hashSync(randomBytes(16).toString('hex'), cost);
  return {
    strategy: 'http_basic',
    challenge: 'Basic realm="Baremetal API"',
    async check(authorization) {
      const m = authorization ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization) : null;
      let user = '';
      let password = '';
      if (m) {
        const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
        const idx = decoded.indexOf(':');
        if (idx >= 0) {
          user = decoded.slice(0, idx);
          password = decoded.slice(idx + 1);
        }
      }
      const hash = users.get(user);
      // Always run one bcrypt comparison, known user or not.
      const ok = await bcrypt.compare(password, hash ?? dummyHash);
      return ok && hash !== undefined && m !== null;
    },
  };
}
