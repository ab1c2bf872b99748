/** numpy's format 1.0 magic: \x93NUMPY, then major and minor version. */
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0];
/** Magic, version and the little-endian uint16 header length. */
const PREAMBLE = MAGIC.length + 2;
/** numpy pads the header so that the data starts 64-byte aligned (it memory-maps files). */
const ALIGN = 64;

/**
 * A float32 array as a `.npy` file (format version 1.0), readable by `numpy.load`: the header is
 * the Python dict literal numpy writes, padded with spaces and ended by a newline; the data is
 * little-endian C order.
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Buffer {
  const count = shape.reduce((n, d) => n * d, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || count !== data.length) {
    throw new Error(`a .npy of shape [${shape.join(', ')}] needs ${count} values, got ${data.length}`);
  }
  // A Python tuple: one element needs its trailing comma.
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${tuple}, }`;
  const padding = (ALIGN - ((PREAMBLE + dict.length + 1) % ALIGN)) % ALIGN;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const out = Buffer.alloc(PREAMBLE + header.length + 4 * data.length);
  out.set(MAGIC, 0);
  out.writeUInt16LE(header.length, MAGIC.length);
  out.write(header, PREAMBLE, 'latin1');
  // Explicitly little-endian, whatever the machine's byte order.
  const body = PREAMBLE + header.length;
  for (let i = 0; i < data.length; i++) out.writeFloatLE(data[i], body + 4 * i);
  return out;
}
