/**
 * `textClassifier.js`, the loader a text model's TF.js export carries: a plain ES module with no
 * build step, so a web page imports it as it is. It holds its own SentencePiece tokenizer, the
 * same algorithm as src/engine/text/sentencePiece.ts (the engine file is TypeScript and cannot be
 * served as it is); textClassifierSource.test.ts holds the two to the same ids. The export's
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
 * Options of loadTextClassifier: tf (default: the global tf), url (the export folder's URL,
 * ending in "/"; default: the folder of this file), fetch (default: the global fetch; Node or a service worker may pass
 * their own).
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
  const fetchFunc = options.fetch ?? globalThis.fetch.bind(globalThis);
  // A relative url is read against the page, as a link would be.
  const folder = new URL('./', new URL(options.url ?? import.meta.url, globalThis.location?.href));
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

export class TextClassifier {
  constructor(tf, config, tokenizer, encoder, head) {
    this.tf = tf;
    /** Class names, in the order of the head's outputs (labels.txt). */
    this.labels = config.labels;
    this.maxTokens = config.encoder.maxTokens;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.head = head;
  }

  /** The ids the encoder reads: the first maxTokens pieces; a text with none reads as unknown. */
  tokenize(text) {
    const ids = this.tokenizer.encode(text).slice(0, this.maxTokens);
    return ids.length > 0 ? ids : [UNKNOWN_ID];
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

  /** The encoder's [texts, 512] embeddings; the caller disposes the tensor. */
  async embed(texts) {
    const tf = this.tf;
    const indices = [];
    const values = [];
    texts.forEach((text, row) =>
      this.tokenize(text).forEach((id, position) => {
        indices.push([row, position]);
        values.push(id);
      }),
    );
    const inputs = {
      indices: tf.tensor2d(indices, [indices.length, 2], 'int32'),
      values: tf.tensor1d(values, 'int32'),
    };
    try {
      return await this.encoder.executeAsync(inputs);
    } finally {
      tf.dispose([inputs.indices, inputs.values]);
    }
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
