import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../../adapters/files/atomicFile.js';
import { realFileOps } from '../../adapters/files/fileOps.js';
import { appHome } from '../../adapters/platform/appHome.js';

/**
 * What browser mode keeps between runs so that a bookmark (or the tab left open) still works after
 * a restart: the port it last listened on and its access key. The key is a secret: the file is
 * written readable by its owner only.
 */
export interface RememberedAddress {
  port: number;
  token: string;
}

const FILE = 'browser-mode.json';

const rememberedSchema = z.object({
  port: z.number().int().min(1024).max(65535),
  token: z.string().regex(/^[0-9a-f]{64}$/),
});

export function rememberedAddressFile(env: Record<string, string | undefined>): string {
  return join(appHome(env), FILE);
}

/**
 * The address of the last run; a missing, unreadable or tampered file is no memory at all, and so
 * is one that others could read or have put there (see privateToUs): its key may be known, so the
 * caller makes a new one and saves it over the file (0600, atomically: the rename replaces a link
 * instead of writing through it).
 */
export async function readRememberedAddress(
  env: Record<string, string | undefined>,
): Promise<RememberedAddress | undefined> {
  const file = rememberedAddressFile(env);
  const uid = process.getuid?.();
  try {
    if (!privateToUs(await lstat(file), uid)) return undefined;
    // O_NOFOLLOW and the handle's own stat: a link swapped in after the lstat is not read either.
    const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      if (!privateToUs(await handle.stat(), uid)) return undefined;
      const parsed = rememberedSchema.safeParse(JSON.parse(await handle.readFile('utf8')));
      return parsed.success ? parsed.data : undefined;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * A plain file (not a link), owned by this user, that nobody else may read or write. Where there
 * are no user ids (Windows) the file is trusted as it is: its folder's ACL is what protects it.
 */
function privateToUs(stats: Stats, uid: number | undefined): boolean {
  if (uid === undefined) return true;
  return stats.isFile() && stats.uid === uid && (stats.mode & 0o077) === 0;
}

export async function saveRememberedAddress(
  env: Record<string, string | undefined>,
  address: RememberedAddress,
): Promise<void> {
  await mkdir(appHome(env), { recursive: true });
  // Created 0600 from the first byte: a chmod after the write would leave a moment readable by all.
  const ownerOnly = {
    ...realFileOps,
    writeFile: (path: string, data: Uint8Array | string) => writeFile(path, data, { mode: 0o600 }),
  };
  await writeFileAtomically(
    rememberedAddressFile(env),
    `${JSON.stringify(address, null, 2)}\n`,
    ownerOnly,
  );
}

/** A new access key: 32 random bytes, hex. */
export function newAccessKey(): string {
  return randomBytes(32).toString('hex');
}
