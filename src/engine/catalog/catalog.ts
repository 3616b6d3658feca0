import type * as tf from '../tf.js';
import { AppError } from '../../common/errors.js';
import type { ModelFamily } from '../../common/models.js';
import {
  caffePreprocessing,
  mobilenetPreprocessing,
  type Preprocessing,
} from '../../common/preprocessing.js';
import { buildMobileNetV1 } from './mobilenetV1.js';
import { buildMobileNetV2 } from './mobilenetV2.js';
import { buildResNet50 } from './resnet50.js';
import { buildVgg16 } from './vgg16.js';

/** One base model the app can build, with what a student needs to choose it. */
export interface CatalogEntry {
  id: string;
  family: Exclude<ModelFamily, 'custom'>;
  displayName: string;
  alpha?: number;
  inputSize: number;
  preprocessing: Preprocessing;
  /** Channels of the pooled feature vector. */
  featureSize: number;
  /** The last layer before pooling: where the features come from. */
  featureLayer: string;
  /** ImageNet top-1 accuracy of the full Keras model at 224×224, as Keras publishes it. */
  imagenetTop1: number;
  /** The keras.applications weights file (include_top=False) this entry loads. */
  kerasWeightsFile: string;
  build(): tf.LayersModel;
}

const V1_ALPHAS: [number, string, number][] = [
  [0.25, '2_5', 0.506],
  [0.5, '5_0', 0.637],
  [0.75, '7_5', 0.684],
  [1.0, '1_0', 0.706],
];
const V2_ALPHAS: [number, string, number][] = [
  [0.35, '0.35', 0.603],
  [0.5, '0.5', 0.654],
  [0.75, '0.75', 0.698],
  [1.0, '1.0', 0.718],
  [1.3, '1.3', 0.744],
];

function mobilenetV1Entries(): CatalogEntry[] {
  return V1_ALPHAS.flatMap(([alpha, tag, top1]) =>
    [128, 160, 192, 224].map((size) => ({
      id: `mobilenet_v1_${alpha}_${size}`,
      family: 'mobilenet_v1' as const,
      displayName: `MobileNet V1 ${alpha} @ ${size}`,
      alpha,
      inputSize: size,
      preprocessing: mobilenetPreprocessing(size),
      featureSize: Math.trunc(1024 * alpha),
      featureLayer: 'conv_pw_13_relu',
      imagenetTop1: top1,
      kerasWeightsFile: `mobilenet_${tag}_${size}_tf_no_top.h5`,
      build: () => buildMobileNetV1(alpha, size),
    })),
  );
}

function mobilenetV2Entries(): CatalogEntry[] {
  return V2_ALPHAS.flatMap(([alpha, tag, top1]) =>
    // Keras publishes alpha 1.3 weights for 224 only.
    (alpha > 1 ? [224] : [96, 128, 160, 192, 224]).map((size) => ({
      id: `mobilenet_v2_${alpha}_${size}`,
      family: 'mobilenet_v2' as const,
      displayName: `MobileNet V2 ${alpha} @ ${size}`,
      alpha,
      inputSize: size,
      preprocessing: mobilenetPreprocessing(size),
      featureSize: alpha > 1 ? Math.round((1280 * alpha) / 8) * 8 : 1280,
      featureLayer: 'out_relu',
      imagenetTop1: top1,
      kerasWeightsFile: `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${tag}_${size}_no_top.h5`,
      build: () => buildMobileNetV2(alpha, size),
    })),
  );
}

const LARGE_ENTRIES: CatalogEntry[] = [
  {
    id: 'vgg16_224',
    family: 'vgg16',
    displayName: 'VGG16 @ 224',
    inputSize: 224,
    preprocessing: caffePreprocessing(224),
    featureSize: 512,
    featureLayer: 'block5_pool',
    imagenetTop1: 0.713,
    kerasWeightsFile: 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
    build: () => buildVgg16(224),
  },
  {
    id: 'resnet50_224',
    family: 'resnet50',
    displayName: 'ResNet50 (v1) @ 224',
    inputSize: 224,
    preprocessing: caffePreprocessing(224),
    featureSize: 2048,
    featureLayer: 'conv5_block3_out',
    imagenetTop1: 0.749,
    kerasWeightsFile: 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
    build: () => buildResNet50(224),
  },
];

export const CATALOG: readonly CatalogEntry[] = [
  ...mobilenetV2Entries(),
  ...mobilenetV1Entries(),
  ...LARGE_ENTRIES,
];

/** The default base: small, fast on a CPU, and what Teachable Machine uses. */
export const DEFAULT_BASE_ID = 'mobilenet_v2_0.35_224';

export function catalogEntry(id: string): CatalogEntry {
  const entry = CATALOG.find((e) => e.id === id);
  if (!entry) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `Unknown base model "${id}". Known: ${CATALOG.map((e) => e.id).join(', ')}`,
    );
  }
  return entry;
}
