/**
 * `textClassifier.js`, the loader a text model's TF.js export carries: a plain ES module with no
 * build step, so a web page imports it as it is. It holds its own SentencePiece tokenizer and
 * long-text windows, the same algorithms as src/engine/text/sentencePiece.ts and longText.ts (the
 * engine files are TypeScript and cannot be served as they are); textClassifierSource.test.ts
 * holds the two to the same ids and windows. The export's
 * parity check runs this very file in Node, and e2e/textExport.spec.ts runs it in Chromium.
 *
 * Written with String.raw so its escapes reach the file as typed; it uses no template literals.
 */
export const TEXT_CLASSIFIER_JS = String.raw`/**
 * Text classifier exported by Transfer Studio: the Universal Sentence Encoder lite turns a text
 * into a 512-d embedding, and the trained head turns that into class probabilities.
 *
 * Needs TensorFlow.js (4.x), loaded before this module, e.g.
 *   <script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js"></script>
 * and the export folder served over HTTP (a page opened from file:// may not fetch it).
 *
 *   import { loadTextClassifier } from './textClassifier.js';
 *   const classifier = await loadTextClassifier();
 *   const ranked = await classifier.classify('What a lovely day');
 *   // [{ label: 'positive', probability: 0.97 }, { label: 'negative', probability: 0.03 }]
 *
 * Options of loadTextClassifier: tf (default: the global tf), url (the export folder's URL, with
 * or without its final "/"; default: the folder of this file), fetch (default: the global fetch;
 * a runtime without one, such as an older Node, must pass its own).
 */

const WORD_BOUNDARY = '\u2581';
const UNKNOWN_ID = 0;
/** Unknown, <s>, </s> and three extra ids never match text. */
const RESERVED_PIECES = 6;

/**
 * SentencePiece unigram tokenizer: the most likely split of a text into vocabulary pieces. It
 * gives the ids the app gives, including two choices plain SentencePiece does not make: a best
 * score of exactly 0 counts as "nothing yet", and ties go to the piece that starts later.
 */
export class Tokenizer {
  /** @param {Array<[string, number | null]>} vocabulary vocab.json: [piece, log probability] */
  constructor(vocabulary) {
    this.root = newNode();
    for (let id = RESERVED_PIECES; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      let node = this.root;
      for (const symbol of piece) {
        if (!node.children.has(symbol)) node.children.set(symbol, newNode());
        node = node.children.get(symbol);
      }
      // A piece listed twice keeps its last line.
      node.id = id;
      node.score = score ?? 0;
    }
  }

  /** @param {string} text @returns {number[]} piece ids; runs of unknown pieces count once */
  encode(text) {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = [...(WORD_BOUNDARY + normalized.replaceAll(' ', WORD_BOUNDARY))];
    const count = symbols.length;
    const best = new Float64Array(count + 1);
    const bestId = new Int32Array(count + 1);
    const bestStart = new Int32Array(count + 1);
    // Every end's best is final before any piece starts there, and the pieces ending at one
    // place are tried from the earliest start: the order the app's tokenizer tries them in.
    for (let start = 0; start < count; start++) {
      for (const piece of this.piecesAt(symbols, start)) {
        const end = start + piece.length;
        const score = piece.score + best[start];
        if (best[end] === 0 || score >= best[end]) {
          best[end] = score;
          bestId[end] = piece.id;
          bestStart[end] = start;
        }
      }
    }
    const ids = [];
    for (let end = count; end > 0; end = bestStart[end]) ids.push(bestId[end]);
    ids.reverse();
    return ids.filter((id, i) => !(id === UNKNOWN_ID && ids[i - 1] === UNKNOWN_ID));
  }

  /** Every piece that starts at start, shortest first; one unknown symbol when none does. */
  piecesAt(symbols, start) {
    const found = [];
    let node = this.root;
    for (let at = start; at < symbols.length; at++) {
      node = node.children.get(symbols[at]);
      if (!node) break;
      if (node.id >= 0) found.push({ id: node.id, score: node.score, length: at - start + 1 });
    }
    return found.length > 0 ? found : [{ id: UNKNOWN_ID, score: 0, length: 1 }];
  }
}

function newNode() {
  return { children: new Map(), id: -1, score: 0 };
}

export async function loadTextClassifier(options = {}) {
  const tf = options.tf ?? globalThis.tf;
  if (!tf) throw new Error('textClassifier.js needs TensorFlow.js: load tf.min.js first');
  const fetchFunc = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (!fetchFunc)
    throw new Error(
      'textClassifier.js reads its files with fetch, which this runtime does not have: pass one as loadTextClassifier({ fetch })',
    );
  const folder = exportFolder(options.url);
  const at = (path) => new URL(path, folder).href;
  const readJson = async (path) => {
    const response = await fetchFunc(at(path));
    if (!response.ok) throw new Error('Could not load ' + at(path) + ': ' + response.status);
    return response.json();
  };
  const config = await readJson('classifier.json');
  const tokenizer = new Tokenizer(await readJson(config.encoder.vocabulary));
  const encoder = await tf.loadGraphModel(at(config.encoder.model), { fetchFunc });
  const head = await tf.loadLayersModel(at(config.head), { fetchFunc });
  return new TextClassifier(tf, config, tokenizer, encoder, head);
}

/** Whitespace runs (newlines included) read as one space; the ends trimmed. */
export function plainText(text) {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Sentences and lines: a cut after . ! or ? and whitespace, and at every line break. */
export function textSegments(text) {
  return text
    .split(/(?<=[.!?])\s+|\s*[\r\n]\s*/u)
    .map(plainText)
    .filter((segment) => segment.length > 0);
}

/**
 * The windows of piece ids the encoder reads: a text that fits one window whole; a longer one
 * as whole sentences packed into windows of at most windowPieces pieces (a longer sentence cut),
 * the first maxWindows of them. A text with no pieces reads as one unknown piece.
 */
export function textWindows(tokenizer, text, reading) {
  const whole = tokenizer.encode(plainText(text));
  if (whole.length === 0) return [[UNKNOWN_ID]];
  if (whole.length <= reading.windowPieces) return [whole];
  const windows = [];
  let current = [];
  const close = () => {
    if (current.length > 0) windows.push(current);
    current = [];
  };
  for (const segment of textSegments(text)) {
    const ids = tokenizer.encode(segment);
    if (current.length + ids.length > reading.windowPieces) close();
    for (let start = 0; start < ids.length; start += reading.windowPieces) {
      const part = ids.slice(start, start + reading.windowPieces);
      if (part.length === reading.windowPieces) windows.push(part);
      else current.push(...part);
    }
  }
  close();
  return windows.slice(0, reading.maxWindows);
}

/** The mean of a text's window embeddings, made unit length again (one window: itself). */
function meanOfUnitLength(vectors, count, size) {
  const mean = new Float32Array(size);
  for (let row = 0; row < count; row++) {
    for (let i = 0; i < size; i++) mean[i] += vectors[row * size + i];
  }
  if (count === 1) return mean;
  const norm = Math.hypot(...mean);
  if (norm > 0) for (let i = 0; i < size; i++) mean[i] /= norm;
  return mean;
}

/** The export folder's URL: the url given, with or without its final "/", or this file's folder. */
function exportFolder(url) {
  if (url === undefined) return new URL('./', import.meta.url);
  // A relative url is read against the page, as a link would be.
  const folder = new URL(url, globalThis.location?.href);
  if (!folder.pathname.endsWith('/')) folder.pathname += '/';
  return folder;
}

export class TextClassifier {
  constructor(tf, config, tokenizer, encoder, head) {
    this.tf = tf;
    /** Class names, in the order of the head's outputs (labels.txt). */
    this.labels = config.labels;
    this.reading = config.encoder.reading;
    this.embeddingSize = config.encoder.embeddingSize;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.head = head;
  }

  /** The windows of piece ids the encoder reads for text (see textWindows). */
  tokenize(text) {
    return textWindows(this.tokenizer, text, this.reading);
  }

  /** Every class with its probability, most likely first. */
  async classify(text) {
    const [row] = await this.probabilities([text]);
    return this.labels
      .map((label, i) => ({ label, probability: row[i] }))
      .sort((a, b) => b.probability - a.probability);
  }

  /** One row of probabilities per text, in the order of labels. */
  async probabilities(texts) {
    const embeddings = await this.embed(texts);
    const output = this.head.predict(embeddings);
    const rows = await output.array();
    this.tf.dispose([embeddings, output]);
    return rows;
  }

  /** The [texts, 512] embeddings (a long text's windows averaged); the caller disposes the tensor. */
  async embed(texts) {
    const tf = this.tf;
    const size = this.embeddingSize;
    const windowsOf = texts.map((text) => this.tokenize(text));
    const indices = [];
    const values = [];
    windowsOf.flat().forEach((ids, row) =>
      ids.forEach((id, position) => {
        indices.push([row, position]);
        values.push(id);
      }),
    );
    const inputs = {
      indices: tf.tensor2d(indices, [indices.length, 2], 'int32'),
      values: tf.tensor1d(values, 'int32'),
    };
    let vectors;
    try {
      const output = await this.encoder.executeAsync(inputs);
      vectors = await output.data();
      output.dispose();
    } finally {
      tf.dispose([inputs.indices, inputs.values]);
    }
    const out = new Float32Array(texts.length * size);
    let row = 0;
    windowsOf.forEach((windows, i) => {
      const rows = vectors.subarray(row * size, (row + windows.length) * size);
      out.set(meanOfUnitLength(rows, windows.length, size), i * size);
      row += windows.length;
    });
    return tf.tensor2d(out, [texts.length, size]);
  }

  dispose() {
    this.encoder.dispose();
    this.head.dispose();
  }
}
`;

/** A page that classifies what is typed: `example.html` beside the loader. */
export const TEXT_EXAMPLE_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8" />
<title>Text classifier</title>
<!-- Serve this folder over HTTP (e.g. npx http-server .) and open example.html. -->
<script src="https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/dist/tf.min.js"></script>
<textarea id="text" rows="4" cols="60" placeholder="Type a text"></textarea>
<ol id="result"></ol>
<script type="module">
  import { loadTextClassifier } from './textClassifier.js';
  const classifier = await loadTextClassifier();
  const text = document.getElementById('text');
  const result = document.getElementById('result');
  let latest = 0;
  text.addEventListener('input', async () => {
    const asked = ++latest;
    const ranked = await classifier.classify(text.value);
    if (asked !== latest) return; // a later keystroke's answer is on its way
    result.replaceChildren(
      ...ranked.map(({ label, probability }) =>
        Object.assign(document.createElement('li'), {
          textContent: label + ': ' + (probability * 100).toFixed(1) + '%',
        }),
      ),
    );
  });
  window.classifier = classifier;
</script>
</html>
`;
