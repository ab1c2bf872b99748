import { dataTypeFromCode } from './data-type';
import { type DecodeOptions, decodeStringPair, decodeTensor } from './tensor';
import type {
  OnnxAttribute,
  OnnxDim,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './types';
import { ProtoError, ProtoReader } from './wire';

export type { DecodeOptions, ExternalDataResolver } from './tensor';

/** `.onnx` bytes (a serialized ModelProto) to the typed model. Field numbers follow onnx.proto. */
export function decodeModel(bytes: Uint8Array, options: DecodeOptions = {}): OnnxModel {
  const r = new ProtoReader(bytes);
  const model: OnnxModel = {
    irVersion: 0,
    producerName: '',
    producerVersion: '',
    opsetImports: {},
    graph: emptyGraph(),
  };
  let sawGraph = false;
  for (const [field, wire] of r.fields()) {
    switch (field) {
      case 1:
        model.irVersion = r.int64();
        break;
      case 2:
        model.producerName = r.string();
        break;
      case 3:
        model.producerVersion = r.string();
        break;
      case 7:
        // A message field seen twice is merged, as protobuf specifies (withExtraOutputs relies on it).
        model.graph = sawGraph
          ? mergeGraphs(model.graph, decodeGraph(r.message(), options))
          : decodeGraph(r.message(), options);
        sawGraph = true;
        break;
      case 8: {
        const [domain, version] = decodeOpset(r.message());
        model.opsetImports[domain === 'ai.onnx' ? '' : domain] = version;
        break;
      }
      case 14: {
        const [key, value] = decodeStringPair(r.message());
        model.metadataProps = { ...model.metadataProps, [key]: value };
        break;
      }
      default:
        r.skip(wire);
    }
  }
  if (!sawGraph) throw new ProtoError('not an ONNX model: the bytes hold no graph (ModelProto field 7)');
  // IR version 3 and later must import an opset; earlier files meant opset 1.
  if (model.opsetImports[''] === undefined) model.opsetImports[''] = 1;
  return model;
}

function mergeGraphs(a: OnnxGraph, b: OnnxGraph): OnnxGraph {
  return {
    name: b.name || a.name,
    nodes: [...a.nodes, ...b.nodes],
    initializers: [...a.initializers, ...b.initializers],
    inputs: [...a.inputs, ...b.inputs],
    outputs: [...a.outputs, ...b.outputs],
    valueInfo: [...a.valueInfo, ...b.valueInfo],
  };
}

function emptyGraph(): OnnxGraph {
  return { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
}

function decodeOpset(r: ProtoReader): [string, number] {
  let domain = '';
  let version = 0;
  for (const [field, wire] of r.fields()) {
    if (field === 1) domain = r.string();
    else if (field === 2) version = r.int64();
    else r.skip(wire);
  }
  return [domain, version];
}

export function decodeGraph(r: ProtoReader, options: DecodeOptions): OnnxGraph {
  const graph = emptyGraph();
  for (const [field, wire] of r.fields()) {
    switch (field) {
      case 1:
        graph.nodes.push(decodeNode(r.message(), options));
        break;
      case 2:
        graph.name = r.string();
        break;
      case 5:
        graph.initializers.push(decodeTensor(r.message(), options));
        break;
      case 11:
        graph.inputs.push(decodeValueInfo(r.message()));
        break;
      case 12:
        graph.outputs.push(decodeValueInfo(r.message()));
        break;
      case 13:
        graph.valueInfo.push(decodeValueInfo(r.message()));
        break;
      default:
        r.skip(wire);
    }
  }
  // Unnamed nodes get a name from their position, so that errors can point at them.
  graph.nodes.forEach((node, i) => {
    if (!node.name) node.name = `${node.opType}_${i}`;
  });
  return graph;
}

function decodeNode(r: ProtoReader, options: DecodeOptions): OnnxNode {
  const node: OnnxNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {} };
  for (const [field, wire] of r.fields()) {
    switch (field) {
      case 1:
        node.inputs.push(r.string());
        break;
      case 2:
        node.outputs.push(r.string());
        break;
      case 3:
        node.name = r.string();
        break;
      case 4:
        node.opType = r.string();
        break;
      case 5: {
        const [name, attribute] = decodeAttribute(r.message(), options);
        node.attributes[name] = attribute;
        break;
      }
      case 7:
        node.domain = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  if (node.domain === 'ai.onnx') node.domain = '';
  return node;
}

/** AttributeProto.AttributeType codes. */
const ATTRIBUTE_TYPES = [
  'undefined',
  'float',
  'int',
  'string',
  'tensor',
  'graph',
  'floats',
  'ints',
  'strings',
  'tensors',
  'graphs',
  'sparse_tensor',
  'sparse_tensors',
  'type_proto',
  'type_protos',
] as const;

function decodeAttribute(r: ProtoReader, options: DecodeOptions): [string, OnnxAttribute] {
  let name = '';
  let type = 0;
  let f = 0;
  let i = 0;
  let s = '';
  let t: OnnxTensor | undefined;
  let g: OnnxGraph | undefined;
  const floats: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  const tensors: OnnxTensor[] = [];
  const graphs: OnnxGraph[] = [];
  for (const [field, wire] of r.fields()) {
    switch (field) {
      case 1:
        name = r.string();
        break;
      case 20:
        type = r.int32();
        break;
      case 2:
        f = r.float();
        break;
      case 3:
        i = r.int64();
        break;
      case 4:
        s = r.string();
        break;
      case 5:
        t = decodeTensor(r.message(), options);
        break;
      case 6:
        g = decodeGraph(r.message(), options);
        break;
      case 7:
        r.repeated(wire, (x) => x.float(), floats);
        break;
      case 8:
        r.repeated(wire, (x) => x.int64(), ints);
        break;
      case 9:
        strings.push(r.string());
        break;
      case 10:
        tensors.push(decodeTensor(r.message(), options));
        break;
      case 11:
        graphs.push(decodeGraph(r.message(), options));
        break;
      default:
        r.skip(wire);
    }
  }
  const kind = ATTRIBUTE_TYPES[type] ?? 'undefined';
  switch (kind) {
    case 'float':
      return [name, { type: kind, value: f }];
    case 'int':
      return [name, { type: kind, value: i }];
    case 'string':
      return [name, { type: kind, value: s }];
    case 'tensor':
      if (!t) throw new ProtoError(`attribute '${name}' is a tensor but holds none`);
      return [name, { type: kind, value: t }];
    case 'graph':
      if (!g) throw new ProtoError(`attribute '${name}' is a graph but holds none`);
      return [name, { type: kind, value: g }];
    case 'floats':
      return [name, { type: kind, value: floats }];
    case 'ints':
      return [name, { type: kind, value: ints }];
    case 'strings':
      return [name, { type: kind, value: strings }];
    case 'tensors':
      return [name, { type: kind, value: tensors }];
    case 'graphs':
      return [name, { type: kind, value: graphs }];
    default:
      return [name, { type: 'unsupported', value: kind }];
  }
}

function decodeValueInfo(r: ProtoReader): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '' };
  for (const [field, wire] of r.fields()) {
    if (field === 1) info.name = r.string();
    else if (field === 2) Object.assign(info, decodeType(r.message()));
    else r.skip(wire);
  }
  return info;
}

/** TypeProto fields of the value kinds that are not tensors (onnx.proto numbering). */
const OTHER_KINDS: Record<number, NonNullable<OnnxValueInfo['kind']>> = {
  4: 'sequence',
  5: 'map',
  8: 'sparse tensor',
  9: 'optional',
};

/** TypeProto: only tensor types carry what the executor uses; other kinds are named, to be refused. */
function decodeType(r: ProtoReader): Pick<OnnxValueInfo, 'dataType' | 'shape' | 'kind'> {
  let out: Pick<OnnxValueInfo, 'dataType' | 'shape' | 'kind'> = {};
  for (const [field, wire] of r.fields()) {
    if (field === 1) out = decodeTensorType(r.message());
    else if (OTHER_KINDS[field]) {
      out = { kind: OTHER_KINDS[field] };
      r.skip(wire);
    } else r.skip(wire);
  }
  return out;
}

function decodeTensorType(r: ProtoReader): Pick<OnnxValueInfo, 'dataType' | 'shape'> {
  const out: Pick<OnnxValueInfo, 'dataType' | 'shape'> = {};
  for (const [field, wire] of r.fields()) {
    if (field === 1) out.dataType = dataTypeFromCode(r.int32());
    else if (field === 2) out.shape = decodeShape(r.message());
    else r.skip(wire);
  }
  return out;
}

function decodeShape(r: ProtoReader): OnnxDim[] {
  const dims: OnnxDim[] = [];
  for (const [field, wire] of r.fields()) {
    if (field === 1) dims.push(decodeDim(r.message()));
    else r.skip(wire);
  }
  return dims;
}

function decodeDim(r: ProtoReader): OnnxDim {
  let dim: OnnxDim = null;
  for (const [field, wire] of r.fields()) {
    if (field === 1) dim = r.int64();
    else if (field === 2) dim = r.string();
    else r.skip(wire);
  }
  return dim;
}
