import { channelAffine, type Preprocessing } from '../../../common/preprocessing.js';

/**
 * Browser code that feeds an exported model what the app fed it, generated from the model's
 * recorded preprocessing so the model card can never describe another model's input. The
 * end-to-end client tests run these very snippets in Chromium against the app's predictions.
 */

/** Whether Teachable Machine's library, which scales by `x / 127 - 1` itself, feeds this model right. */
export function teachableCompatible(preprocessing: Preprocessing): boolean {
  const { scaling } = preprocessing;
  return (
    scaling.mode === 'range' &&
    scaling.min === -1 &&
    scaling.max === 1 &&
    preprocessing.channelOrder === 'rgb' &&
    preprocessing.width === preprocessing.height
  );
}

/** ml5 resizes every image to this size, whatever size the model takes. */
export const ML5_INPUT_SIZE = 224;

/** Whether ml5's image classifier, which always feeds 224×224 pixels as `x / 127 - 1`, fits. */
export function ml5Compatible(preprocessing: Preprocessing): boolean {
  return teachableCompatible(preprocessing) && preprocessing.width === ML5_INPUT_SIZE;
}

/**
 * `toModelCanvas(image)`: the image drawn at the model's size with its resize policy. Reading a
 * canvas drops alpha (fully transparent pixels read as black, partly transparent ones keep their
 * colour), which is what a model recorded with `transparency: 'canvas'` was trained on; a model
 * that flattened transparency gets its background painted under the image first.
 */
export function toModelCanvasSource(preprocessing: Preprocessing): string {
  const { width: w, height: h, resize } = preprocessing;
  const fit = resize === 'pad' ? 'min' : 'max';
  const lines = [
    'function toModelCanvas(image) {',
    `  const canvas = Object.assign(document.createElement('canvas'), { width: ${w}, height: ${h} });`,
    "  const context = canvas.getContext('2d');",
    ...(resize === 'stretch'
      ? [`  const [x, y, w, h] = [0, 0, ${w}, ${h}];`]
      : [
          '  const [iw, ih] = [image.naturalWidth ?? image.width, image.naturalHeight ?? image.height];',
          // Whole pixels, placed as Teachable Machine's own crop places them.
          `  const s = Math.${fit}(${w} / iw, ${h} / ih), w = Math.ceil(iw * s), h = Math.ceil(ih * s);`,
          `  const [x, y] = [-Math.trunc((w - ${w}) / 2), -Math.trunc((h - ${h}) / 2)];`,
        ]),
    ...(resize === 'pad'
      ? [
          `  context.fillStyle = '${css(preprocessing.padColor)}';`,
          `  context.fillRect(0, 0, ${w}, ${h});`,
        ]
      : []),
    ...(preprocessing.transparency === 'canvas'
      ? resize === 'pad'
        ? ['  context.clearRect(x, y, w, h);']
        : []
      : [
          `  context.fillStyle = '${css(preprocessing.alphaBackground)}';`,
          '  context.fillRect(x, y, w, h);',
        ]),
    '  context.drawImage(image, x, y, w, h);',
    '  return canvas;',
    '}',
  ];
  return lines.join('\n');
}

/** Plain TensorFlow.js: returns the probabilities for one image element, canvas or bitmap. */
export function tfjsSnippet(preprocessing: Preprocessing, modelUrl = 'model.json'): string {
  const { scale, offset } = channelAffine(preprocessing);
  const uniform = new Set(scale).size === 1 && new Set(offset).size === 1;
  const affine = uniform
    ? `.mul(${scale[0]}).add(${offset[0]})`
    : `.mul([${scale.join(', ')}]).add([${offset.join(', ')}])`;
  const order = preprocessing.channelOrder === 'bgr' ? '.reverse(-1)' : '';
  return [
    `const model = await tf.loadLayersModel('${modelUrl}');`,
    'async function classify(image) {',
    '  const input = tf.tidy(() =>',
    `    tf.browser.fromPixels(toModelCanvas(image)).toFloat()${order}${affine}.expandDims(0));`,
    '  const output = model.predict(input);',
    '  const probabilities = await output.data();',
    '  tf.dispose([input, output]);',
    '  return Array.from(probabilities); // in the order of labels.txt',
    '}',
    toModelCanvasSource(preprocessing),
  ].join('\n');
}

/** `@teachablemachine/image`: its own loader and `predict`, fed the app's canvas. */
export function teachableSnippet(
  preprocessing: Preprocessing,
  modelUrl = 'model.json',
  metadataUrl = 'metadata.json',
): string {
  return [
    `const model = await tmImage.load('${modelUrl}', '${metadataUrl}');`,
    'async function classify(image) {',
    '  // predict() centre-crops to metadata.imageSize; toModelCanvas already matches it.',
    '  const predictions = await model.predict(toModelCanvas(image));',
    '  return predictions.map((p) => p.probability); // in the order of labels.txt',
    '}',
    toModelCanvasSource(preprocessing),
  ].join('\n');
}

/** onnxruntime-web: the canvas pixels scaled by hand into an NHWC float tensor. */
export function onnxWebSnippet(preprocessing: Preprocessing, modelUrl = 'model.onnx'): string {
  const { scale, offset } = channelAffine(preprocessing);
  const { width: w, height: h } = preprocessing;
  const order = preprocessing.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  return [
    `const session = await ort.InferenceSession.create('${modelUrl}');`,
    'async function classify(image) {',
    `  const { data } = toModelCanvas(image).getContext('2d').getImageData(0, 0, ${w}, ${h});`,
    `  const [order, scale, offset] = [[${order.join(', ')}], [${scale.join(', ')}], [${offset.join(', ')}]];`,
    `  const input = new Float32Array(${w * h * 3});`,
    `  for (let i = 0; i < ${w * h}; i++)`,
    '    for (let c = 0; c < 3; c++) input[i * 3 + c] = data[i * 4 + order[c]] * scale[c] + offset[c];',
    `  const { output } = await session.run({ input: new ort.Tensor('float32', input, [1, ${h}, ${w}, 3]) });`,
    '  return Array.from(output.data); // in the order of labels.txt',
    '}',
    toModelCanvasSource(preprocessing),
  ].join('\n');
}

/**
 * ml5 (1.x) `imageClassifier`: it squashes whatever it is given to 224×224 and does not crop, so
 * it is handed the app's crop at that size, where its own resize changes nothing.
 */
export function ml5Snippet(
  preprocessing: Preprocessing,
  modelUrl = 'model.json',
  metadataUrl = 'metadata.json',
): string {
  return [
    '// ml5 takes a model only by absolute URL; a relative one silently loads its ImageNet MobileNet.',
    `const classifier = await ml5.imageClassifier(new URL('${modelUrl}', location.href).href);`,
    `const { labels } = await (await fetch('${metadataUrl}')).json();`,
    'async function classify(image) {',
    '  const results = await classifier.classify(toModelCanvas(image));',
    '  return labels.map((label) => results.find((r) => r.label === label).confidence);',
    '}',
    toModelCanvasSource(preprocessing),
  ].join('\n');
}

function css([r, g, b]: readonly number[]): string {
  return `rgb(${r}, ${g}, ${b})`;
}
