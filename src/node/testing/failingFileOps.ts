import { realFileOps, type FileOps } from '../adapters/files/fileOps.js';

/** Real file operations, except that `op` fails with the errno `code` on paths `when` picks. */
export function failingFileOps(
  op: keyof FileOps,
  code: string,
  when: (path: string) => boolean = () => true,
): FileOps {
  return {
    ...realFileOps,
    [op]: async (...args: [string, never]) => {
      if (when(args[0])) throw Object.assign(new Error(`${code}: simulated`), { code });
      return (realFileOps[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  } as FileOps;
}
