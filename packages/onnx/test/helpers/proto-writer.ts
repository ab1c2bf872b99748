/**
 * A protobuf wire-format writer, enough to write ONNX models in tests: tag + value, with varints
 * (int64 as two's complement over 10 bytes), fixed32 floats, fixed64 doubles, and nested messages.
 */
export class ProtoWriter {
  private chunks: number[] = [];

  private byte(b: number): void {
    this.chunks.push(b & 0xff);
  }

  private rawVarint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire));
  }

  varint(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.rawVarint(BigInt(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    this.pushBytes(new Uint8Array(new Float32Array([value]).buffer));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.rawVarint(BigInt(value.length));
    this.pushBytes(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field (the proto3 default). */
  packedVarints(field: number, values: (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(BigInt(v));
    return this.bytes(field, inner.finish());
  }

  packedFloats(field: number, values: number[]): this {
    return this.bytes(field, new Uint8Array(new Float32Array(values).buffer));
  }

  packedDoubles(field: number, values: number[]): this {
    return this.bytes(field, new Uint8Array(new Float64Array(values).buffer));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }

  private pushBytes(b: Uint8Array): void {
    for (const x of b) this.chunks.push(x);
  }
}
