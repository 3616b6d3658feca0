// The from-scratch text models the text benchmark measures beside transfer learning. "bow" is the
// app's own (`train --scratch` on a text dataset); the others are the candidates it was chosen
// against: a hidden layer, a larger vocabulary, another learning rate or more epochs, and a
// learned word embedding (averaged, then a
// softmax) that exists only here. All train on the same examples with the same settings, so on
// the same split and seed as the transfer run, and are scored on the same test emails.

/**
 * Trains one variant on `train`, scores it on `test`; times the training only (as for transfer).
 * `seed` (default: the app's) seeds the split and the weights, as the transfer run's seed does.
 */
export async function trainScratchVariant(dist, variant, train, test, seed) {
  const { DEFAULT_TRAIN_SETTINGS } = await dist('common/training.js');
  const { textScratchSettings } = await dist('node/services/text/textScratch.js');
  const settings = textScratchSettings({
    ...DEFAULT_TRAIN_SETTINGS,
    seed: seed ?? DEFAULT_TRAIN_SETTINGS.seed,
  });
  if (variant === 'embedding') {
    // Training an embedding needs UnsortedSegmentSum, which the wasm backend lacks: run on cpu.
    const tf = await dist('engine/tf.js');
    const backend = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      return { ...(await trainEmbeddingVariant(dist, train, test, settings)), backend: 'cpu' };
    } finally {
      await tf.setBackend(backend);
    }
  }
  const { phase, ...options } =
    {
      bow: {},
      'bow-hidden64': { hiddenUnits: 64 },
      'bow-20k': { maxTerms: 20_000 },
      'bow-lr0.01': { phase: { learningRate: 0.01 } },
      'bow-60-epochs': { phase: { epochs: 60 } },
    }[variant] ?? unknownVariant(variant);
  const { trainTextScratch } = await dist('node/services/text/textScratch.js');
  const { textScratchProbabilities } = await dist('node/services/text/textScratchModel.js');
  const started = performance.now();
  const trained = await trainTextScratch({
    examples: train,
    settings: phase ? { ...settings, phase1: { ...settings.phase1, ...phase } } : settings,
    ...options,
  });
  const seconds = (performance.now() - started) / 1000;
  try {
    const probabilities = await textScratchProbabilities(
      trained,
      test.map((e) => e.text),
    );
    return {
      accuracy: await testAccuracy(dist, probabilities, test, trained.classes),
      seconds,
      epochs: trained.fit.history.length,
      bestEpoch: trained.fit.bestEpoch,
      parameters: trained.network.countParams(),
      terms: trained.bag.terms.length,
    };
  } finally {
    trained.network.dispose();
  }
}

function unknownVariant(variant) {
  throw new Error(`unknown scratch variant ${variant}`);
}

async function testAccuracy(dist, probabilities, test, classes) {
  const { evaluateTextProbabilities } = await dist('node/services/text/textEvaluation.js');
  return evaluateTextProbabilities(probabilities, test, classes).accuracy;
}

/** Words of the training split kept as embedding ids; 0 pads, 1 stands for any other word. */
const EMBEDDING_WORDS = 10_000;
const SEQUENCE_LENGTH = 256;

async function trainEmbeddingVariant(dist, train, test, settings) {
  const tf = await dist('engine/tf.js');
  const { words } = await dist('node/services/text/bagOfWords.js');
  const { splitTextExamples } = await dist('node/services/text/textSplit.js');
  const { fitOnArrays } = await dist('engine/training/fitOnArrays.js');
  const started = performance.now();
  const split = splitTextExamples(train, settings);
  const ids = wordIds(split.train.map((i) => words(train[i].text)));
  const encode = (texts) => {
    const out = new Float32Array(texts.length * SEQUENCE_LENGTH);
    texts.forEach((text, row) =>
      words(text)
        .slice(0, SEQUENCE_LENGTH)
        .forEach((word, column) => (out[row * SEQUENCE_LENGTH + column] = ids.get(word) ?? 1)),
    );
    return out;
  };
  const part = (indices) => ({
    features: encode(indices.map((i) => train[i].text)),
    labels: indices.map((i) => split.classes.indexOf(train[i].label)),
  });
  const input = tf.input({ shape: [SEQUENCE_LENGTH] });
  const embedded = tf.layers
    .embedding({
      inputDim: ids.size + 2,
      outputDim: 32,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: settings.seed,
      }),
    })
    .apply(input);
  const pooled = tf.layers.globalAveragePooling1d().apply(embedded);
  const output = tf.layers
    .dense({
      units: split.classes.length,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: settings.seed + 100 }),
    })
    .apply(pooled);
  const network = tf.model({ inputs: input, outputs: output });
  try {
    const fit = await fitOnArrays(network, 1, settings.phase1, {
      featureShape: [SEQUENCE_LENGTH],
      classCount: split.classes.length,
      train: part(split.train),
      validation: split.validation.length > 0 ? part(split.validation) : undefined,
      settings,
    });
    const seconds = (performance.now() - started) / 1000;
    const testIds = encode(test.map((e) => e.text));
    const probabilities = tf.tidy(() =>
      network.predict(tf.tensor2d(testIds, [test.length, SEQUENCE_LENGTH])).dataSync(),
    );
    return {
      accuracy: await testAccuracy(dist, probabilities, test, split.classes),
      seconds,
      epochs: fit.history.length,
      bestEpoch: fit.bestEpoch,
      parameters: network.countParams(),
      terms: ids.size,
    };
  } finally {
    network.dispose();
  }
}

/** The words most training texts hold (at least two), most first, ties in code-point order. */
function wordIds(documents) {
  const counts = new Map();
  for (const list of documents)
    for (const word of new Set(list)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const kept = [...counts]
    .filter(([, count]) => count >= 2)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, EMBEDDING_WORDS);
  return new Map(kept.map(([word], i) => [word, i + 2]));
}
