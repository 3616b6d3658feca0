import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { electronShellHandlers } from './shellHandlers.js';

describe('the shell’s channels in the desktop app', () => {
  const deps = (filePaths: string[], canceled = false) => ({
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled, filePaths })) },
    shell: { showItemInFolder: vi.fn() },
    window: () => undefined,
  });

  it('opens a folder dialog or a zip dialog and returns the choice, or null when cancelled', async () => {
    const d = deps(['/home/s/flowers']);
    const handlers = electronShellHandlers(d as never);
    expect(await handlers['shell.pickDataset']({ kind: 'folder' })).toEqual({
      path: '/home/s/flowers',
    });
    expect(d.dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openDirectory'] }),
    );
    await handlers['shell.pickDataset']({ kind: 'zip' });
    expect(d.dialog.showOpenDialog).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [{ name: 'Zip archives', extensions: ['zip'] }] }),
    );
    const cancelled = electronShellHandlers(deps([], true) as never);
    expect(await cancelled['shell.pickFolder']({ purpose: 'export' })).toEqual({ path: null });
  });

  it('shows only paths that exist in the file manager', async () => {
    const d = deps([]);
    const handlers = electronShellHandlers(d as never);
    expect(await handlers['shell.showInFolder']({ path: tmpdir() })).toEqual({ shown: true });
    expect(await handlers['shell.showInFolder']({ path: join(tmpdir(), 'nope-x') })).toEqual({
      shown: false,
    });
    expect(d.shell.showItemInFolder).toHaveBeenCalledTimes(1);
  });
});
