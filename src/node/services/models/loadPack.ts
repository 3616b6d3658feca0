import * as tf from '../../../engine/tf.js';
import { AppError } from '../../../common/errors.js';
import type { PackKind } from '../../../common/modelPack.js';
import type { ModelFamily } from '../../../common/models.js';
import type { Preprocessing } from '../../../common/preprocessing.js';
import { mobilenetPreprocessing } from '../../../common/preprocessing.js';
import { catalogEntry, type CatalogEntry } from '../../../engine/catalog/catalog.js';
import { assignWeightsByName } from '../../../engine/packs/assignWeights.js';
import { identifyArchitecture, shapesOf } from '../../../engine/packs/identifyArchitecture.js';
import { storedFeatureLayer } from './featureLayers.js';
import { loadKerasBase } from './loadKerasBase.js';
import { openPackFiles, type PackFiles } from './packFiles.js';
import { readManifest, readRequired, readTeachableMetadata } from './packMetadata.js';
import {
  DEFAULT_PACK_LIMITS,
  validateLayersPack,
  type LayersModelJson,
  type PackLimits,
} from './validatePack.js';

/** A base model ready to embed or fine-tune, with where it came from. */
export interface LoadedBase {
  model: tf.LayersModel;
  family: ModelFamily;
  /** Catalog id when the weights fill a catalog architecture. */
  architecture: string | undefined;
  preprocessing: Preprocessing;
  kind: PackKind;
  name: string;
  source: string;
  license: string;
  /** Weights in the pack the base has no place for (a Teachable Machine head, for example). */
  droppedWeights: string[];
}

export interface LoadPackOptions {
  /** For a plain TF.js model that is not a catalog architecture: the layer whose output is the feature. */
  featureLayer?: string;
  limits?: PackLimits;
}

/**
 * Loads a base model from a model pack (our manifest), a Teachable Machine image-model export, or a
 * plain TF.js layers model — folder or zip — or a Keras .h5 weights file. Everything is validated
 * before any weight is decoded.
 */
export async function loadBasePack(
  path: string,
  options: LoadPackOptions = {},
): Promise<LoadedBase> {
  if (path.toLowerCase().endsWith('.h5')) return loadKerasBase(path);
  const files = await openPackFiles(path);
  try {
    const limits = options.limits ?? DEFAULT_PACK_LIMITS;
    const modelJson = validateLayersPack(
      await readRequired(files, 'model.json'),
      (name) => files.size(name),
      limits,
    );
    const data = await concatenatedShards(files, modelJson);
    const weights = tf.io.decodeWeights(
      data,
      modelJson.weightsManifest.flatMap((g) => g.weights),
    );
    try {
      requireFiniteWeights(weights);
      return await buildBase({ files, modelJson, data, weights }, options);
    } finally {
      tf.dispose(weights);
    }
  } finally {
    await files.close();
  }
}

/**
 * NaN or infinite weights would surface much later and twice over ("loss became NaN", then
 * "label out of range"), or not at all where a ReLU6 clips them to zero: refuse them here.
 */
function requireFiniteWeights(weights: tf.NamedTensorMap): void {
  for (const [name, tensor] of Object.entries(weights)) {
    if (tensor.dtype !== 'float32') continue;
    const finite = tf.tidy(() => tf.all(tf.isFinite(tensor)).dataSync()[0]);
    if (!finite)
      throw new AppError(
        'INVALID_ARGUMENT',
        `Invalid model pack: weight "${name}" holds NaN or infinite values: the pack is damaged`,
      );
  }
}

/** A pack's files, its parsed model.json, and its weights both raw and decoded. */
interface PackContents {
  files: PackFiles;
  modelJson: LayersModelJson;
  data: ArrayBuffer;
  weights: tf.NamedTensorMap;
}

/** Loads a validated TF.js layers model whole (its own topology and head), e.g. for its predictions. */
export async function loadFullLayersModel(
  path: string,
  limits: PackLimits = DEFAULT_PACK_LIMITS,
): Promise<tf.LayersModel> {
  const files = await openPackFiles(path);
  try {
    const modelJson = validateLayersPack(
      await readRequired(files, 'model.json'),
      (name) => files.size(name),
      limits,
    );
    const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
    const weightData = await concatenatedShards(files, modelJson);
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as object,
        weightSpecs: specs,
        weightData,
      }),
    );
  } finally {
    await files.close();
  }
}

async function buildBase(pack: PackContents, options: LoadPackOptions): Promise<LoadedBase> {
  const { files, modelJson, weights } = pack;
  if (files.size('manifest.json') !== undefined) {
    const manifest = await readManifest(files);
    const entry = catalogEntry(manifest.architecture);
    return fromCatalog(
      entry,
      weights,
      { kind: 'pack', name: manifest.name, source: manifest.source, license: manifest.license },
      manifest.preprocessing,
    );
  }
  const shapes = shapesOf(modelJson.weightsManifest.flatMap((g) => g.weights));
  if (files.size('metadata.json') !== undefined) {
    const metadata = await readTeachableMetadata(files);
    if (metadata) {
      const entry = identifyArchitecture(shapes, metadata.imageSize);
      if (!entry)
        throw new AppError(
          'INVALID_ARGUMENT',
          `Invalid model pack: this Teachable Machine export's backbone is not a known MobileNet at ${metadata.imageSize}×${metadata.imageSize}`,
        );
      const origin = {
        kind: 'teachable-machine' as const,
        name: `Teachable Machine export (${entry.displayName} backbone)`,
        source: files.path,
        license: 'unknown (Teachable Machine export)',
      };
      return fromCatalog(entry, weights, origin);
    }
  }
  return fromPlainLayersModel(pack, shapes, options);
}

function fromCatalog(
  entry: CatalogEntry,
  weights: tf.NamedTensorMap,
  origin: Pick<LoadedBase, 'kind' | 'name' | 'source' | 'license'>,
  preprocessing?: Preprocessing,
): LoadedBase {
  const model = entry.build();
  try {
    const { unused } = assignWeightsByName(model, weights);
    return {
      model,
      family: entry.family,
      architecture: entry.id,
      preprocessing: preprocessing ?? entry.preprocessing,
      droppedWeights: unused,
      ...origin,
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function fromPlainLayersModel(
  { files, modelJson, data, weights }: PackContents,
  shapes: Map<string, number[]>,
  options: LoadPackOptions,
): Promise<LoadedBase> {
  const origin = {
    kind: 'tfjs-layers' as const,
    name: 'TF.js layers model',
    source: files.path,
    license: 'unknown',
  };
  const inputSize = declaredInputSize(modelJson);
  // Asked for, or recorded when the model was imported into the store.
  const featureLayer = options.featureLayer ?? (await storedFeatureLayer(files));
  // A feature layer the user chose wins over recognising the model as a catalog architecture.
  const entry =
    inputSize === undefined || featureLayer !== undefined
      ? undefined
      : identifyArchitecture(shapes, inputSize);
  if (entry) return fromCatalog(entry, weights, { ...origin, name: `TF.js ${entry.displayName}` });
  const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const full = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology as object,
      weightSpecs,
      weightData: data,
    }),
  );
  const names = full.layers.map((l) => l.name);
  if (!featureLayer || !names.includes(featureLayer)) {
    full.dispose();
    throw new AppError(
      'INVALID_ARGUMENT',
      `${featureLayer ? `No layer "${featureLayer}"` : 'Choose the feature layer'} for this TF.js model; layers: ${names.join(', ')}`,
      { layers: names },
    );
  }
  const output = full.getLayer(featureLayer).output as tf.SymbolicTensor;
  const pooled =
    output.shape.length === 4
      ? (tf.layers
          .globalAveragePooling2d({ name: 'global_average_pooling2d' })
          .apply(output) as tf.SymbolicTensor)
      : output;
  const model = tf.model({ inputs: full.inputs, outputs: pooled, name: `${full.name}_features` });
  const size = Number(full.inputs[0]?.shape[1] ?? 224);
  return {
    model,
    family: 'custom',
    architecture: undefined,
    preprocessing: mobilenetPreprocessing(size),
    droppedWeights: [],
    ...origin,
  };
}

function declaredInputSize(modelJson: LayersModelJson): number | undefined {
  const match = /"batch_input_shape":\s*\[\s*null,\s*(\d+),\s*(\d+),\s*3\s*\]/.exec(
    JSON.stringify(modelJson.modelTopology),
  );
  return match && match[1] === match[2] ? Number(match[1]) : undefined;
}

async function concatenatedShards(
  files: PackFiles,
  modelJson: LayersModelJson,
): Promise<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const path of group.paths) parts.push(await files.read(path));
  }
  const joined = Buffer.concat(parts);
  return joined.buffer.slice(
    joined.byteOffset,
    joined.byteOffset + joined.byteLength,
  ) as ArrayBuffer;
}
