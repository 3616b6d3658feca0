import { channelAffine, type Preprocessing } from '../../../common/preprocessing.js';
import {
  ML5_INPUT_SIZE,
  ml5Compatible,
  ml5Snippet,
  onnxWebSnippet,
  teachableCompatible,
  teachableSnippet,
  tfjsSnippet,
} from './browserSnippets.js';

/**
 * The model card's account of what the model expects, written from the preprocessing recorded
 * with the model (the same object decode, training, evaluation and export checks used).
 */
export function inputSection(preprocessing: Preprocessing): string[] {
  const { width, height } = preprocessing;
  return [
    '## Input',
    '',
    `- **Size and layout**: float32 \`[batch, ${height}, ${width}, 3]\` (NHWC). Output: probabilities in the order of \`labels.txt\`.`,
    `- **Resize**: ${resizeText(preprocessing)}, resampled with the \`${preprocessing.kernel}\` kernel (libvips, through sharp). A browser canvas resamples with its own bilinear filter: a few levels of difference on edges, not enough to change what the model predicts in our client tests.`,
    `- **Values**: ${scalingText(preprocessing)}.`,
    `- **Channel order**: ${preprocessing.channelOrder === 'bgr' ? 'BGR (the image’s RGB reversed)' : 'RGB'}.`,
    `- **Transparent pixels**: ${transparencyText(preprocessing)}`,
    '',
  ];
}

/** Browser snippets for a TF.js export; each reproduces the app's predictions. */
export function tfjsLoadingSection(preprocessing: Preprocessing): string[] {
  return [
    ...(teachableCompatible(preprocessing)
      ? [
          "With Teachable Machine's library (`@teachablemachine/image`, its bundle after `tf.min.js`; `metadata.json` is in its format):",
          '',
          '```js',
          teachableSnippet(preprocessing),
          '```',
          '',
          ...(preprocessing.resize === 'center-crop' && preprocessing.transparency === 'canvas'
            ? [
                '`model.predict(image)` with the `<img>` itself crops and reads pixels the same way, so sketches that use this library (p5, plain pages) need no change; ml5 does not crop (below).',
                '',
              ]
            : []),
        ]
      : [
          `Teachable Machine's library feeds models \`x / 127 - 1\`, RGB, centre-cropped to a square; this model expects otherwise (above), so use TensorFlow.js directly.`,
          '',
        ]),
    ...ml5Section(preprocessing),
    'With TensorFlow.js alone:',
    '',
    '```js',
    tfjsSnippet(preprocessing),
    '```',
  ];
}

/** ml5's image classifier: where it can feed this model, and how to make it feed the app's input. */
function ml5Section(preprocessing: Preprocessing): string[] {
  if (ml5Compatible(preprocessing))
    return [
      'With ml5 (1.x, after `ml5.min.js`):',
      '',
      '```js',
      ml5Snippet(preprocessing),
      '```',
      '',
      `ml5's \`classify(img)\` with the image itself does not crop: it squashes the whole image to ${ML5_INPUT_SIZE}×${ML5_INPUT_SIZE} (\`tf.image.resizeBilinear\`, aspect ratio not kept, no smoothing, transparent pixels read as black before resizing). Its input then strays from the app's the further an image is from square (a 16:9 webcam frame, a landscape photo), and so can its answers: hand it \`toModelCanvas(img)\` as above, or crop images square first.`,
      '',
    ];
  if (teachableCompatible(preprocessing))
    return [
      `ml5's image classifier feeds every model ${ML5_INPUT_SIZE}×${ML5_INPUT_SIZE} pixels; this one takes ${preprocessing.width}×${preprocessing.height}, so use Teachable Machine's library or TensorFlow.js.`,
      '',
    ];
  return [];
}

/** The onnxruntime-web snippet for an ONNX export. */
export function onnxWebLoadingSection(preprocessing: Preprocessing): string[] {
  return [
    'In a web page (onnxruntime-web, after `ort.min.js`):',
    '',
    '```js',
    onnxWebSnippet(preprocessing),
    '```',
  ];
}

function resizeText({ resize, width, height, padColor }: Preprocessing): string {
  if (resize === 'stretch') return `stretched to ${width}×${height} (aspect ratio not kept)`;
  if (resize === 'pad')
    return `scaled to fit inside ${width}×${height}, centred, the bars filled with RGB (${padColor.join(', ')})`;
  return `scaled so it covers ${width}×${height}, then the centre cropped (the longer side loses equal parts at both ends)`;
}

function scalingText(preprocessing: Preprocessing): string {
  const { scaling } = preprocessing;
  if (scaling.mode === 'range')
    return `each 0–255 channel value v becomes v × ${format(channelAffine(preprocessing).scale[0] ?? 1)} + ${format(scaling.min)}, i.e. 0 → ${scaling.min} and 255 → ${scaling.max}`;
  return `each 0–255 channel value v becomes (v − mean) / std, mean (${scaling.mean.join(', ')}) and std (${scaling.std.join(', ')}) in the model's channel order`;
}

function transparencyText(preprocessing: Preprocessing): string {
  if (preprocessing.transparency === 'canvas')
    return 'what a browser canvas hands to `tf.browser.fromPixels`: the image is resized with premultiplied alpha and then the alpha channel is dropped, so fully transparent pixels are black (0, 0, 0) and partly transparent ones keep their own colour. Outside a browser: resize premultiplied, then set RGB to 0 where alpha is 0 and drop alpha.';
  const [r, g, b] = preprocessing.alphaBackground;
  return `flattened onto RGB (${r}, ${g}, ${b}) before resizing. A browser reads transparent pixels as black instead, so paint that colour under the image first (the snippets below do).`;
}

function format(value: number): string {
  return Number(value.toPrecision(8)).toString();
}
