import {
  leadingPart,
  meanOfEachText,
  meanOfUnitLength,
  nextSegment,
  plainText,
  textSegments,
  textWindows,
} from '../../../engine/text/longText.js';
import {
  candidatesByEnd,
  collapseUnknownRuns,
  prepareText,
  RESERVED_PIECES,
  SentencePieceTokenizer,
  UNKNOWN_ID,
  WORD_BOUNDARY,
} from '../../../engine/text/sentencePiece.js';
import { AppError } from '../../../common/errors.js';

/**
 * The source text of one of the app's functions or classes, to stand in the loader as a
 * declaration. Only a plain `function name(…) {…}` or `class Name {…}` will do: the loader gives
 * it nothing but what it declares itself.
 */
function declarationSource(
  declared: ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown),
  kind: 'function' | 'class' = 'function',
): string {
  const source = declared.toString();
  const opening = kind === 'class' ? `class ${declared.name} ` : `function ${declared.name}(`;
  if (!source.startsWith(opening)) {
    throw new AppError(
      'INTERNAL',
      `${declared.name} is not a plain ${kind} declaration, so the text loader cannot hold it`,
    );
  }
  return source;
}

/**
 * `textClassifier.js`, the loader a text model's TF.js export carries: a plain ES module with no
 * build step, so a web page imports it as it is, and cannot import the app's TypeScript. So its
 * SentencePiece tokenizer (src/engine/text/sentencePiece.ts) and long-text windows
 * (src/engine/text/longText.ts) are the app's own class and functions written in as their source
 * text, and the two cannot drift apart; textClassifierSource.test.ts runs the written file. The export's parity check runs
 * this very file in Node, and e2e/textExport.spec.ts runs it in Chromium.
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

const WORD_BOUNDARY = '${WORD_BOUNDARY}';
const UNKNOWN_ID = ${UNKNOWN_ID};
/** Unknown, <s>, </s> and three extra ids never match text. */
const RESERVED_PIECES = ${RESERVED_PIECES};

/**
 * SentencePiece unigram tokenizer: the most likely split of a text into vocabulary pieces. It
 * gives the ids the app gives, including two choices plain SentencePiece does not make: a best
 * score of exactly 0 counts as "nothing yet", and ties go to the piece that starts later.
 * new Tokenizer(vocabulary), vocabulary as in vocab.json: [piece, log probability] pairs;
 * encode(text) gives the piece ids.
 */
export const Tokenizer = ${declarationSource(SentencePieceTokenizer, 'class')};

/** NFKC, then a word boundary before the text and in place of every space. */
${declarationSource(prepareText)}

/** Lattice edges grouped by end position, each group ordered by start (earliest first). */
${declarationSource(candidatesByEnd)}

/** Runs of unknown pieces count once. */
${declarationSource(collapseUnknownRuns)}

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
export ${declarationSource(plainText)}

/** Sentences and lines: a cut after . ! or ? and whitespace, and at every line break. */
export ${declarationSource(textSegments)}

/** The first non-empty segment from a position on, read at most so far (one at a time). */
${declarationSource(nextSegment)}

/** At most room characters of a segment, cut at a space where one lies in the second half. */
${declarationSource(leadingPart)}

/** The app's windows of a text, with the count of pieces no window holds. */
const windowsAndDropped = ${declarationSource(textWindows)};

/**
 * The windows of piece ids the encoder reads: a text that fits one window whole; a longer one
 * as whole sentences packed into windows of at most windowPieces pieces (a longer sentence cut),
 * the first maxWindows of them. A text with no pieces reads as one unknown piece.
 */
export function textWindows(tokenizer, text, reading) {
  return windowsAndDropped(text, (part) => tokenizer.encode(part), reading, UNKNOWN_ID).windows;
}

/** The mean of a text's window embeddings, made unit length again (one window: itself). */
${declarationSource(meanOfUnitLength)}

/** One embedding per text from all texts' window embeddings, text after text. */
${declarationSource(meanOfEachText)}

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
    const out = meanOfEachText(
      vectors,
      windowsOf.map((windows) => windows.length),
      size,
    );
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
