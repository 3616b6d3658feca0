/**
 * The one TensorFlow.js namespace the engine and Node code use. It is assembled from the modular
 * packages instead of the `@tensorflow/tfjs` umbrella, which also brings the WebGL backend,
 * tfjs-data and a 141 MB dist that nothing on the Node side runs; the umbrella stays a dev
 * dependency for the browser pages the export tests load. tfjs-layers' Node build registers the
 * gradients; the chained tensor methods are attached here.
 */
import '@tensorflow/tfjs-backend-cpu';
import { registerChainedOps } from './chainedOps.js';

registerChainedOps();

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-converter';
