import {
  dense,
  dtype,
  functional,
  groupOf,
  layersOf,
  nested,
  path,
  refused,
  shape,
  topology,
  weightsOf,
  type PackCase,
  type PackJson,
} from './packHelpers.js';

// Model packs (helpers and the valid pack every case changes: packHelpers.ts).

export const PACK_CASES: PackCase[] = [
  { name: 'the valid pack', change: () => undefined, expect: 'ok' },
  {
    name: 'not JSON',
    change: { raw: Buffer.from('{"modelTopology": ') },
    expect: refused(/model.json is not valid JSON/),
  },
  {
    name: 'JSON null',
    change: { raw: Buffer.from('null') },
    expect: refused(/model.json is not an object/),
  },
  {
    name: 'JSON number',
    change: { raw: Buffer.from('42') },
    expect: refused(/model.json is not an object/),
  },
  {
    name: 'UTF-16 bytes',
    change: { raw: Buffer.from('{"a":1}', 'utf16le') },
    expect: refused(/not valid JSON/),
  },
  {
    name: 'graph model',
    change: (j) => {
      j.format = 'graph-model';
    },
    expect: refused(/this is a TF.js graph model/),
  },
  {
    name: 'no topology',
    change: (j) => {
      delete (j as PackJson).modelTopology;
    },
    expect: refused(/model.json has no modelTopology/),
  },
  {
    name: 'manifest not a list',
    change: (j) => {
      j.weightsManifest = { paths: [] };
    },
    expect: refused(/model.json has no weightsManifest/),
  },
  {
    name: 'group without paths',
    change: (j) => {
      delete groupOf(j).paths;
    },
    expect: refused(/weights group 0 is malformed/),
  },
  {
    name: 'negative dimension',
    change: shape([-3, 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'fractional dimension',
    change: shape([1.5, 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'string dimension',
    change: shape(['3', 2]),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'shape not a list',
    change: shape('3x2'),
    expect: refused(/weight "d\/kernel" has an invalid shape/),
  },
  {
    name: 'huge dimensions',
    change: shape([2 ** 31, 2 ** 31]),
    expect: refused(
      /weights group 0 declares \d+ bytes but its shards hold 32 \(extra bytes\)|truncated/,
    ),
  },
  {
    name: 'dtype complex64',
    change: dtype('complex64'),
    expect: refused(/weight "d\/kernel" has unsupported dtype complex64/),
  },
  { name: 'dtype string', change: dtype('string'), expect: refused(/unsupported dtype string/) },
  { name: 'no dtype', change: dtype(undefined), expect: refused(/unsupported dtype undefined/) },
  {
    name: 'quantized to an unknown dtype',
    change: (j) => {
      weightsOf(j)[0].quantization = { dtype: 'int3' };
    },
    expect: refused(/unsupported dtype int3/),
  },
  {
    name: 'weight without a name',
    change: (j) => {
      weightsOf(j)[0].name = '';
    },
    expect: refused(/a weight has no name/),
  },
  {
    name: 'duplicate weight name',
    change: (j) => {
      weightsOf(j)[1].name = 'd/kernel';
      weightsOf(j)[1].shape = [2];
    },
    expect: refused(/weight name "d\/kernel" appears twice/),
  },
  {
    name: 'shard path "../w.bin"',
    change: path('../w.bin'),
    expect: refused(/shard path "..\/w.bin" must be a plain file name/),
  },
  {
    name: 'shard path "/etc/passwd"',
    change: path('/etc/passwd'),
    expect: refused(/shard path "\/etc\/passwd" must be a plain file name/),
  },
  {
    name: 'shard path "C:w.bin"',
    change: path('C:w.bin'),
    expect: refused(/shard path "C:w.bin" must be a plain file name/),
  },
  {
    name: 'shard path with a backslash',
    change: path('..\\w.bin'),
    expect: refused(/must be a plain file name/),
  },
  {
    name: 'shard path ".."',
    change: path('..'),
    expect: refused(/shard path "\.\." is not a file name/),
  },
  { name: 'shard path ""', change: path(''), expect: refused(/shard path "" is not a file name/) },
  {
    name: 'shard path with NUL',
    change: path('w.bin\0'),
    expect: refused(/must be a plain file name/),
  },
  {
    name: 'shard path a number',
    change: path(7),
    expect: refused(/shard path 7 is not a file name/),
  },
  {
    name: 'missing shard',
    change: path('other.bin'),
    expect: refused(/shard "other.bin" is missing/),
  },
  {
    name: 'shard listed twice',
    change: (j) => {
      groupOf(j).paths = ['w.bin', 'w.bin'];
    },
    expect: refused(/shard "w.bin" is listed twice/),
  },
  {
    name: 'shard shorter than declared',
    change: () => undefined,
    shards: { 'w.bin': 20 },
    expect: refused(/declares 32 bytes but its shards hold 20 \(truncated\)/),
  },
  {
    name: 'shard longer than declared',
    change: () => undefined,
    shards: { 'w.bin': 4000 },
    expect: refused(/declares 32 bytes but its shards hold 4000 \(extra bytes\)/),
  },
  {
    name: 'model.json over the size limit',
    change: () => undefined,
    limits: { maxModelJsonBytes: 100 },
    expect: refused(/model.json is \d+ bytes, over the 100-byte limit/),
  },
  {
    name: 'weights over the byte limit',
    change: () => undefined,
    limits: { maxWeightBytes: 16 },
    expect: refused(/32 bytes of weights, over the 16-byte limit/),
  },
  {
    name: 'Dense declaring 600M units',
    change: dense({ units: 600_000_000 }),
    expect: refused(/layer "d" declares 2400000000 weights but the pack holds 8 for it/),
  },
  {
    name: 'Dense on a huge input',
    change: dense({ batch_input_shape: [null, 2 ** 40] }),
    expect: refused(/layer "d" declares 2199023255554 weights but the pack holds 8 for it/),
  },
  {
    name: 'Dense with units 0',
    change: dense({ units: 0 }),
    expect: refused(
      /layer "d" \(Dense\) has an invalid config: Expected units to be a positive integer, but got 0/,
    ),
  },
  {
    name: 'Dense with units "2"',
    change: dense({ units: '2' }),
    expect: refused(/layer "d" \(Dense\) has an invalid config: .* but got "2"/),
  },
  {
    name: 'negative input dimension',
    change: dense({ batch_input_shape: [null, -3] }),
    expect: refused(/layer "d" declares an invalid input shape/),
  },
  {
    name: 'input of rank 40',
    change: dense({ batch_input_shape: [null, ...Array(40).fill(1)] }),
    expect: refused(/layer "d" declares an invalid input shape/),
  },
  {
    name: 'no input shape',
    change: dense({ batch_input_shape: undefined }),
    expect: refused(/layer "d" has no input shape/),
  },
  {
    name: 'unknown input size on the Dense axis',
    change: dense({ batch_input_shape: [null, null] }),
    expect: refused(/layer "d" needs a known size on axis -1/),
  },
  {
    name: 'layer class tfjs does not know',
    change: (j) => {
      layersOf(j)[0].class_name = 'Lambda';
    },
    expect: refused(/layer "d" is of class Lambda, which tfjs does not know/),
  },
  {
    name: 'weighted class the check does not count (GRU)',
    change: (j) => {
      layersOf(j)[0].class_name = 'GRU';
    },
    expect: refused(/layer "d" is of class GRU, whose weights the app cannot check/),
  },
  {
    name: 'layer without config',
    change: (j) => {
      delete layersOf(j)[0].config;
    },
    expect: refused(/a layer has no class_name or config/),
  },
  {
    name: 'topology not a model',
    change: topology({ class_name: 'Dense', config: {} }),
    expect: refused(/the topology is a Dense, not a Sequential or functional model/),
  },
  {
    name: 'topology a string',
    change: topology('Sequential'),
    expect: refused(/modelTopology has no class_name/),
  },
  {
    name: 'Sequential without layers',
    change: topology({ class_name: 'Sequential', config: { name: 'x' } }),
    expect: refused(/a Sequential model has no layers list/),
  },
  {
    name: 'models nested 40 deep',
    change: topology(nested(40)),
    expect: refused(/models nested more than 16 deep/),
  },
  { name: 'models nested 3 deep (fine)', change: topology(nested(3)), expect: 'ok' },
  {
    name: 'keras model_config wrapper',
    change: (j) => {
      j.modelTopology = { keras_version: '2.15', model_config: j.modelTopology };
    },
    expect: 'ok',
  },
  {
    name: 'functional model (fine)',
    change: topology(functional([[['in', 0, 0, {}]]])),
    expect: 'ok',
  },
  {
    name: 'functional layer fed by itself (a cycle)',
    change: topology(functional([[['d', 0, 0, {}]]])),
    expect: refused(/layer "d" takes an input no layer produces/),
  },
  {
    name: 'functional layer fed by a missing layer',
    change: topology(functional([[['ghost', 0, 0, {}]]])),
    expect: refused(/layer "d" takes an input no layer produces/),
  },
  {
    name: 'functional output never reached',
    change: topology(functional([[['in', 0, 0, {}]]], [['d', 5, 0]])),
    expect: refused(/output "d" is not reached from the inputs/),
  },
  {
    name: 'functional malformed reference',
    change: topology(functional([[['in', '0', 0]]])),
    expect: refused(/holds a malformed tensor reference/),
  },
  {
    name: 'functional shared layer called twice, weights counted once',
    change: topology(functional([[['in', 0, 0, {}]], [['in', 0, 0, {}]]], [['d', 1, 0]])),
    expect: 'ok',
  },
];
