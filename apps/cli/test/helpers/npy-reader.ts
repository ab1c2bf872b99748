/**
 * Reads a float32 .npy file, checking everything numpy checks on the way: the magic, the version,
 * the header dict, and that the data is exactly as long as the shape says. Written against the
 * format's documentation, independently of the CLI's writer.
 */
export function readNpy(bytes: Buffer): { shape: number[]; data: Float32Array; headerLength: number } {
  if (bytes.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new Error('not a .npy file');
  if (bytes[6] !== 1 || bytes[7] !== 0) throw new Error(`unexpected version ${bytes[6]}.${bytes[7]}`);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  if (!header.endsWith('\n')) throw new Error('header does not end with a newline');
  if (!/'descr': '<f4'/.test(header)) throw new Error(`not little-endian float32: ${header}`);
  if (!/'fortran_order': False/.test(header)) throw new Error(`not C order: ${header}`);
  const tuple = /'shape': \(([^)]*)\)/.exec(header);
  if (!tuple) throw new Error(`no shape in ${header}`);
  const shape = tuple[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const start = 10 + headerLength;
  const count = shape.reduce((n, d) => n * d, 1);
  if (bytes.length - start !== 4 * count) {
    throw new Error(`data is ${bytes.length - start} bytes, the shape needs ${4 * count}`);
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(start + 4 * i);
  return { shape, data, headerLength };
}
