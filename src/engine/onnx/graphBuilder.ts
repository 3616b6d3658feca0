import { ATTRIBUTE_TYPE, DATA_TYPE, ModelProto } from './onnxSchema.js';

export type AttributeValue = number | number[] | string | { float: number };

interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute: Record<string, unknown>[];
}

/** Collects nodes and initializers, then encodes one ONNX ModelProto. */
export class OnnxGraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: Record<string, unknown>[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  /** A tensor name not used yet, derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    while (this.names.has(name)) name = `${base}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  floatInitializer(base: string, dims: number[], values: Float32Array): string {
    const name = this.uniqueName(base);
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims, dataType: DATA_TYPE.FLOAT, rawData: bytes.slice() });
    return name;
  }

  int64Initializer(base: string, values: number[]): string {
    const name = this.uniqueName(base);
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: DATA_TYPE.INT64,
      rawData: bytes,
    });
    return name;
  }

  node(
    opType: string,
    inputs: string[],
    outputBase: string,
    attributes: Record<string, AttributeValue> = {},
  ): string {
    return this.nodeNamed(opType, inputs, this.uniqueName(outputBase), attributes);
  }

  /** A node whose output has exactly this name (reserved beforehand with `uniqueName`). */
  nodeNamed(
    opType: string,
    inputs: string[],
    output: string,
    attributes: Record<string, AttributeValue> = {},
  ): string {
    this.nodes.push({
      input: inputs,
      output: [output],
      name: output,
      opType,
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  encode(graph: {
    name: string;
    input: { name: string; shape: (number | string)[] };
    output: { name: string; shape: (number | string)[] };
    opset: number;
    producerVersion: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const message = ModelProto.fromObject({
      irVersion: 8,
      producerName: 'Transfer Studio',
      producerVersion: graph.producerVersion,
      opsetImport: [{ domain: '', version: graph.opset }],
      metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: graph.name,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(graph.input.name, graph.input.shape)],
        output: [valueInfo(graph.output.name, graph.output.shape)],
      },
    });
    return ModelProto.encode(message).finish();
  }
}

function attribute(name: string, value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'string')
    return { name, type: ATTRIBUTE_TYPE.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: ATTRIBUTE_TYPE.INTS, ints: value };
  if (typeof value === 'object') return { name, type: ATTRIBUTE_TYPE.FLOAT, f: value.float };
  return { name, type: ATTRIBUTE_TYPE.INT, i: value };
}

function valueInfo(name: string, shape: (number | string)[]): Record<string, unknown> {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE.FLOAT,
        shape: {
          dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}
