/**
 * A reader for the protobuf wire format (varints, fixed32/64, length-delimited fields): enough to
 * walk ONNX's messages without generated code. Each message decoder loops over `fields()` and
 * reads the value that matches the field's wire type.
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export class ProtoError extends Error {
  override name = 'ProtoError';
}

const TWO_32 = 2 ** 32;

export class ProtoReader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Iterates `[fieldNumber, wireType]` until the end of the message; the caller reads each value. */
  *fields(): Generator<[number, number]> {
    while (this.pos < this.end) {
      const tag = this.uint32();
      const field = tag >>> 3;
      if (field === 0) throw new ProtoError(`invalid field number 0 at byte ${this.pos}`);
      yield [field, tag & 7];
    }
    if (this.pos !== this.end) throw new ProtoError('message ends inside a field: truncated file?');
  }

  /** A varint as an unsigned 32-bit value (tags, lengths, enums, int32 fields). */
  uint32(): number {
    const { lo } = this.varint64();
    return lo >>> 0;
  }

  /** A varint as a signed int32 (negative int32 values are sign-extended to 64 bits on the wire). */
  int32(): number {
    return this.varint64().lo | 0;
  }

  /**
   * A varint as a signed int64, exact while |value| < 2^53. Larger magnitudes (ONNX uses INT64_MAX
   * as "to the end" in Slice) come out as the nearest double, which every consumer clamps anyway.
   */
  int64(): number {
    const { lo, hi } = this.varint64();
    return (hi | 0) * TWO_32 + (lo >>> 0);
  }

  /** A varint as an exact signed 64-bit bigint (int64 tensor elements). */
  bigint64(): bigint {
    const { lo, hi } = this.varint64();
    return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  }

  /** A varint as an exact unsigned 64-bit bigint (uint64 tensor elements). */
  biguint64(): bigint {
    const { lo, hi } = this.varint64();
    return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  }

  /** A varint as an unsigned 64-bit number (uint64 fields), exact below 2^53. */
  uint64(): number {
    const { lo, hi } = this.varint64();
    return (hi >>> 0) * TWO_32 + (lo >>> 0);
  }

  private varint64(): { lo: number; hi: number } {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    // The low 28 bits come from the first four bytes, then a byte split across both halves.
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('varint runs past the end of the message');
      const b = this.buf[this.pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if ((b & 0x80) === 0) return { lo, hi };
      shift += 7;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The bytes of a length-delimited field, as a view into the file (no copy). */
  bytes(): Uint8Array {
    const length = this.uint32();
    this.need(length);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    return new TextDecoder().decode(this.bytes());
  }

  /** A reader over an embedded message, advancing this reader past it. */
  message(): ProtoReader {
    const length = this.uint32();
    this.need(length);
    const sub = new ProtoReader(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return sub;
  }

  /**
   * A repeated scalar field: proto3 packs them into one length-delimited run, but an unpacked
   * encoding (one tag per value) is also valid and must be accepted.
   */
  repeated<T>(wireType: number, read: (r: ProtoReader) => T, into: T[]): void {
    if (wireType === WireType.bytes) {
      const sub = this.message();
      while (sub.pos < sub.end) into.push(read(sub));
    } else {
      into.push(read(this));
    }
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.varint:
        this.varint64();
        return;
      case WireType.fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.bytes: {
        const length = this.uint32();
        this.need(length);
        this.pos += length;
        return;
      }
      case WireType.fixed32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtoError(`unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.end)
      throw new ProtoError('field runs past the end of the message: truncated file?');
  }
}
