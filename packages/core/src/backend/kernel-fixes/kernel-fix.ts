/** A corrected TF.js kernel or gradient, registered in place of a wrong or missing one. */
export interface KernelFix {
  /** Short and stable, e.g. 'AvgPool gradient, same padding': reported by selectBackend. */
  readonly id: string;
  /** The TF.js kernel whose forward kernel or gradient this replaces (e.g. 'AvgPool'). */
  readonly kernel: string;
  /** 'gradient': a registerGradient (global); 'kernel': a registerKernel for the backends listed. */
  readonly kind: 'gradient' | 'kernel';
  readonly backends: readonly string[] | 'all';
  /** What the stock one gets wrong, with the smallest case that shows it. */
  readonly why: string;
  /** Idempotent. */
  apply(backend: string): void;
  /** Puts the stock kernel or gradient back (no-op when not applied). */
  restore(backend: string): void;
}
