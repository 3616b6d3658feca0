#!/usr/bin/env node
// Writes the app's "Try it with sample images" dataset, assets/samples/fashion: four
// Fashion-MNIST classes (MIT licensed, Debian's dataset-fashion-mnist package) as PNG folders.
// Run it once after `apt-get install dataset-fashion-mnist`; its output is committed, so users
// and tests never need the package. The same input always gives the same files.
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { FASHION_MNIST_DIR, fashionMnistAvailable, writeFashionMnist } from './fashionMnist.js';

// Four classes a student tells apart at a glance, so the first run ends in a model that works.
const CLASSES = ['t-shirt', 'trouser', 'sneaker', 'bag'];

const { values: flags } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '60' },
    // Fashion-MNIST's own 28 px: the base model resizes to its input anyway, and upscaling here
    // would only make the repository bigger.
    size: { type: 'string', default: '28' },
    out: { type: 'string' },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = flags.out ?? join(root, 'assets', 'samples', 'fashion');
const perClass = Number(flags['per-class']);
const size = Number(flags.size);

if (!fashionMnistAvailable()) {
  console.error(
    `Needs Fashion-MNIST in ${FASHION_MNIST_DIR}: apt-get install dataset-fashion-mnist`,
  );
  process.exit(1);
}
const scratch = await mkdtemp(join(tmpdir(), 'fashion-samples-'));
try {
  // The first `perClass` training examples of every class, in the file's order (deterministic).
  await writeFashionMnist(scratch, 'train', perClass);
  for (const name of CLASSES) await copyClass(join(scratch, name), join(out, name));
  await writeFile(join(out, 'README.md'), readme());
  console.log(`Wrote ${CLASSES.length} × ${perClass} images (${size} px) to ${out}`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

async function copyClass(from, to) {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  const files = (await readdir(from)).filter((f) => f.endsWith('.png')).sort();
  for (const [i, file] of files.entries()) {
    const image = sharp(join(from, file));
    const resized = size === 28 ? image : image.resize(size, size, { kernel: 'lanczos3' });
    const png = await resized.png({ compressionLevel: 9 }).toBuffer();
    await writeFile(join(to, `${String(i + 1).padStart(3, '0')}.png`), png);
  }
}

function readme() {
  return `# Fashion sample (Fashion-MNIST)

The dataset behind "Try it with sample images": ${perClass} grayscale ${size}×${size} px images in
each of ${CLASSES.length} classes (${CLASSES.join(', ')}), one folder per class.

- **Source**: Fashion-MNIST by Zalando Research, https://github.com/zalandoresearch/fashion-mnist,
  as packaged by Debian (\`dataset-fashion-mnist\`, files in ${FASHION_MNIST_DIR}).
- **Which images**: the first ${perClass} examples of each class in the training split
  (\`train-images-idx3-ubyte.gz\`), in the file's order, unchanged${size === 28 ? '' : ` except resized to ${size} px`}, numbered 001, 002, ...
- **License**: MIT (Expat). Copyright (c) 2017 Zalando SE, https://tech.zalando.com

  Permission is hereby granted, free of charge, to any person obtaining a copy of this software
  and associated documentation files (the "Software"), to deal in the Software without
  restriction, including without limitation the rights to use, copy, modify, merge, publish,
  distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
  Software is furnished to do so, subject to the following conditions:

  The above copyright notice and this permission notice shall be included in all copies or
  substantial portions of the Software.

  THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
  BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
  NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
  DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
  OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

Made by \`node scripts/make-fashion-samples.js\` (after \`apt-get install dataset-fashion-mnist\`).
`;
}
