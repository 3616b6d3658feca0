import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/** The address of the last run; a missing, unreadable or tampered file is no memory at all. */
export async function readRememberedAddress(
  env: Record<string, string | undefined>,
): Promise<RememberedAddress | undefined> {
  try {
    const parsed = rememberedSchema.safeParse(
      JSON.parse(await readFile(rememberedAddressFile(env), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
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
