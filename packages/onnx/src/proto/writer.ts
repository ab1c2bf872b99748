/**
 * A writer of the protobuf wire format, the mirror of `ProtoReader`: tag + value, varints (negative
 * int64 as ten bytes of two's complement), fixed32 floats, fixed64 doubles, length-delimited bytes
 * and nested messages. Bytes go into one growing buffer, so writing a model's weights costs copies,
 * not an array entry per byte.
 */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private length = 0;

  /** A varint field (int32, int64, enum, bool); bigints for 64-bit values beyond 2^53. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.rawVarint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    this.reserve(4);
    new DataView(this.buf.buffer).setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1);
    this.reserve(8);
    new DataView(this.buf.buffer).setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(value.length);
    this.raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A nested message, written by `build` into its own writer (its length prefix needs its size). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field (proto3's default for repeated scalars). */
  packedVarints(field: number, values: ArrayLike<number | bigint>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.rawVarint(values[i]);
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, new Uint8Array(Float32Array.from(values).buffer));
  }

  packedDoubles(field: number, values: ArrayLike<number>): this {
    return this.bytes(field, new Uint8Array(Float64Array.from(values).buffer));
  }

  /** Bytes already encoded (a message written elsewhere), appended as they are. */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value < 2 ** 31) {
      this.reserve(5);
      let v = value;
      while (v >= 0x80) {
        this.buf[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.length++] = v;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (v >= 0x80n) {
      this.buf[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.length++] = Number(v);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
}
