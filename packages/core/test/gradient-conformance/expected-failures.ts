/**
 * Cases that fail on a backend even with our fixes, each for a reason reported to the fixes work
 * (/tmp/conformance-findings.md). The conformance test fails on any other failure, and on an entry
 * here whose cases now pass: these lists only shrink.
 */
export interface ExpectedFailure {
  kernel: string;
  /** Case names (exact), or 'all' for every case of the kernel. */
  cases: readonly string[] | 'all';
  backends: readonly string[];
  why: string;
}

/**
 * Every cpu and wasm failure is fixed since branch `fixes` was merged (main 0862c2a). What remains
 * is two WebGL forward kernels, found by running the suite in headless Chromium (its max-pool ties
 * and the dilated convolutions' rank-5 pad were fixed on branch `fixes`).
 */
export const WEBGL_KERNELS: readonly ExpectedFailure[] = [
  {
    kernel: 'Sum',
    cases: ['[0,3] over axes [0]', '[2,0] over axes [1], keepDims'],
    backends: ['webgl'],
    why: 'the WebGL Sum forward reshapes to [size / reduced size, reduced size]: 0 / 0 when a reduced axis is empty (throws)',
  },
  {
    kernel: 'FloorDiv',
    cases: ['[2,3,4] with [2,3,4]', '[2,3,4] with [4]', '[2,1,4] with [1,3,1]', '[2,3,4] with []'],
    backends: ['webgl'],
    why: 'the WebGL FloorDiv forward rounds both operands to integers before dividing: floor(a / b) is wrong for fractional inputs',
  },
];

export const EXPECTED_FAILURES: readonly ExpectedFailure[] = [...WEBGL_KERNELS];

export function expectedFailure(kernel: string, name: string, backend: string): ExpectedFailure | undefined {
  return EXPECTED_FAILURES.find(
    (e) =>
      e.kernel === kernel && e.backends.includes(backend) && (e.cases === 'all' || e.cases.includes(name)),
  );
}
