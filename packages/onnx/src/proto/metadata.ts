import { decodeStringPair } from './tensor';
import { ProtoReader } from './wire';

/**
 * The model's `metadata_props` (ModelProto field 14: key/value strings, where exporters put class
 * names, authors, licences), read without decoding the graph: the other top-level fields are
 * skipped by their length, so a 100 MB model costs a scan of a few tags. A key given twice keeps
 * its last value, as onnx's own helpers do.
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const r = new ProtoReader(bytes);
  const props: Record<string, string> = {};
  for (const [field, wire] of r.fields()) {
    if (field === 14 && wire === 2) {
      const [key, value] = decodeStringPair(r.message());
      props[key] = value;
    } else r.skip(wire);
  }
  return props;
}
