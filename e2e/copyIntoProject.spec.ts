import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeShapeSamples } from '../src/node/services/samples/shapes.js';
import { useBrowserMode } from './browserModeFixture.js';
import { SocketWatch } from './socketWatch.js';

/**
 * "Copy the images into the project" shows how far it has got, and a cancel leaves the project
 * as it was. The engine's answer (or the request itself) is held on the socket, so the progress
 * and the cancel are seen on any machine, waiting on messages, never on time.
 */
test.describe('copying a dataset into its project', () => {
  const watch = new SocketWatch();
  const session = useBrowserMode({
    name: 'copy-into-project',
    routeSocket: (route) => watch.attach(route),
    prepare: async (dir) => {
      await writeShapeSamples(join(dir, 'shapes'), { perClass: 6, size: 48, seed: 5 });
      return { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    },
  });
  const importShapes = async () => {
    const { page } = session;
    await page.getByTestId('dataset-path').fill(join(session.dir, 'shapes'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('scan-result')).toContainText('18 images in 3 classes');
  };
  const copyButton = () => session.page.getByRole('button', { name: /Copy the images/ });
  /** The project's data folder (the project was created by the first import's save). */
  const dataFolder = async () => {
    const projects = join(session.dir, 'home', 'projects');
    const [project] = await readdir(projects);
    return join(projects, project ?? '', 'data');
  };

  test('shows the files copied, then uses the copy', async () => {
    const { page } = session;
    await importShapes();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    watch.holdAnswers('project.copyImages');
    await copyButton().click();
    // Progress events pass; only the answer waits, so the last count stays on screen.
    await expect(page.getByTestId('copy-progress')).toContainText(
      'Copying into the project: 18 of 18 files',
    );
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
    watch.release();
    await expect(page.getByTestId('copy-message')).toContainText('Images copied to');
    await expect(page.getByTestId('copy-progress')).toHaveCount(0);
    await expect(page.getByTestId('scan-result')).toContainText('18 images in 3 classes');
    expect((await readdir(await dataFolder())).sort()).toEqual(['shapes']);
  });

  test('a cancelled copy leaves the earlier copy whole and nothing half-written', async () => {
    const { page } = session;
    const data = await dataFolder();
    const before = await stat(join(data, 'shapes'));
    await importShapes();
    watch.holdRequests('project.copyImages');
    const started = watch.requests.length;
    await copyButton().click();
    await expect(page.getByTestId('copy-progress')).toContainText('Copying into the project…');
    const copy = await watch.until(() =>
      watch.requests.slice(started).find((r) => r.channel === 'project.copyImages'),
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await watch.until(() => (watch.cancels.has(copy.id ?? -1) ? true : undefined));
    // The request and its cancel reach the engine together; its answer ends the copy.
    watch.release();
    await watch.until(() => (watch.answered.has(copy.id ?? -1) ? true : undefined));
    await expect(page.getByTestId('copy-message')).toContainText('The copy was cancelled');
    await expect(copyButton()).toBeVisible();
    expect((await readdir(data)).sort()).toEqual(['shapes']);
    const after = await stat(join(data, 'shapes'));
    expect(after.ino).toBe(before.ino);
    expect(await readdir(join(data, 'shapes', 'circle'))).toHaveLength(6);
  });
});
