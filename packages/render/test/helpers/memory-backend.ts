import * as tf from '@tensorflow/tfjs-core';

type Values = tf.backend_util.BackendValues;

/**
 * Just enough of a TF.js backend to create tensors and read them back, so `toTensor` can be
 * tested without a compute backend in this package's dependencies. It runs no kernels.
 */
class MemoryBackend extends tf.KernelBackend {
  private readonly store = new WeakMap<tf.DataId, { values: Values; refs: number }>();
  private count = 0;

  override write(values: Values, _shape: number[], _dtype: tf.DataType): tf.DataId {
    const id = {};
    this.store.set(id, { values, refs: 1 });
    this.count++;
    return id;
  }
  override move(id: tf.DataId, values: Values, _shape: number[], _dtype: tf.DataType, refs: number): void {
    this.store.set(id, { values, refs });
    this.count++;
  }
  override readSync(id: tf.DataId): Values {
    return this.store.get(id)!.values;
  }
  override async read(id: tf.DataId): Promise<Values> {
    return this.readSync(id);
  }
  override refCount(id: tf.DataId): number {
    return this.store.get(id)?.refs ?? 0;
  }
  override incRef(id: tf.DataId): void {
    this.store.get(id)!.refs++;
  }
  override disposeData(id: tf.DataId, force = false): boolean {
    const entry = this.store.get(id);
    if (!entry) return true;
    entry.refs--;
    if (!force && entry.refs > 0) return false;
    this.store.delete(id);
    this.count--;
    return true;
  }
  override numDataIds(): number {
    return this.count;
  }
  override memory(): { unreliable: boolean } {
    return { unreliable: true };
  }
  override floatPrecision(): 16 | 32 {
    return 32;
  }
  override epsilon(): number {
    return 1e-7;
  }
  override dispose(): void {}
}

export async function useMemoryBackend(): Promise<void> {
  if (!tf.findBackend('test-memory')) tf.registerBackend('test-memory', () => new MemoryBackend());
  await tf.setBackend('test-memory');
}
