import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { useBrowserMode } from './browserModeFixture.js';
import { writeLayersModel } from '../src/node/services/models/writeLayersModel.js';

/**
 * What the pretrained network sees in an example on the Data screen (the bundled ImageNet
 * classifier's top 5), and "Add a model pack…" with a plain TF.js classifier, whose feature layer
 * the user picks. Browser mode in Chromium from an empty app home, the real engine; waits on what
 * the app shows, never on sleeps.
 */
test.describe('pretrained guesses on the Data screen, and a plain TF.js model as a base', () => {
  const session = useBrowserMode({
    name: 'add-pack',
    prepare: async (dir) => {
      await tf.setBackend('cpu');
      const classifier = plainClassifier();
      await writeLayersModel(classifier, join(dir, 'fruit-classifier'));
      classifier.dispose();
      return { TRANSFER_STUDIO_HOME: join(dir, 'home') };
    },
  });

  test('a sample image’s thumbnail shows the pretrained network’s top 5 ImageNet labels', async () => {
    await session.page.getByRole('button', { name: 'Try it with sample images' }).click();
    await expect(session.page.getByTestId('class-card')).toHaveCount(4);
    const card = session.page.getByTestId('class-card').first();
    const thumbnail = card.getByRole('button', { name: /^What the pretrained model sees in / });
    await expect(thumbnail.first()).toBeVisible();
    const cardHeight = (await card.boundingBox())?.height;
    await thumbnail.first().click();
    const look = session.page.getByTestId('pretrained-look');
    await expect(look.getByTestId('pretrained-guesses')).toContainText('MobileNet V1 0.75');
    // One line: "file.png: label 41% · label 12% · … " with five labels.
    const line =
      (await look.getByTestId('pretrained-guesses').locator('p').last().textContent()) ?? '';
    expect(line).toMatch(/^\S+\.png: [^·]+ \d+%( · [^·]+ \d+%){4}$/);
    await session.page.screenshot({ path: 'test-results/screens/data-pretrained-look.png' });
    await session.page.keyboard.press('Escape');
    await expect(look).toHaveCount(0);
    // The guesses open over the page: the card did not grow.
    expect((await card.boundingBox())?.height).toBe(cardHeight);
  });

  test('adds a plain TF.js model by upload after picking its feature layer', async () => {
    await session.page.getByRole('tab', { name: 'Model', exact: true }).click();
    await session.page
      .getByTestId('pack-folder-input')
      .setInputFiles(join(session.dir, 'fruit-classifier'));
    const picker = session.page.getByTestId('feature-layer-picker');
    // The last pooling layer before the classifier is chosen already.
    await expect(picker.getByTestId('feature-layer-select')).toContainText(
      'pool — GlobalAveragePooling2D [8] (suggested)',
    );
    await picker.getByTestId('feature-layer-select').click();
    await session.page.getByRole('option', { name: /^hidden — Dense \[12\]/ }).click();
    await expect(session.page.getByRole('listbox')).toHaveCount(0);
    await session.page.screenshot({ path: 'test-results/screens/add-pack-feature-layer.png' });
    await picker.getByRole('button', { name: 'Add with this layer' }).click();
    await expect(session.page.getByTestId('pack-message')).toHaveText(
      'Added TF.js model, features from "hidden".',
    );
    await expect(picker).toHaveCount(0);
    await expect(session.page.getByTestId('base-select')).toContainText(
      'TF.js model, features from "hidden"',
    );
    await session.page.getByTestId('base-select').click();
    await expect(session.page.getByRole('option', { name: /features from "hidden"/ })).toHaveCount(
      1,
    );
    await session.page.keyboard.press('Escape');
  });
});

/** A small image classifier of no catalog architecture, as a student might have trained and saved. */
function plainClassifier(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  const conv = tf.layers
    .conv2d({ name: 'conv', filters: 8, kernelSize: 3, activation: 'relu' })
    .apply(input) as tf.SymbolicTensor;
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({ name: 'hidden', units: 12, activation: 'relu' })
    .apply(pool) as tf.SymbolicTensor;
  const classes = tf.layers
    .dense({ name: 'classes', units: 3, activation: 'softmax' })
    .apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: classes, name: 'fruit_classifier' });
}
