/** The colours the demo draws and detects; the index is the detector's class index. */
export const COLOURS = ['red', 'green', 'blue'] as const;
export type Colour = (typeof COLOURS)[number];

/** A clearly saturated version of each colour, in [0,1] RGB, before per-object jitter. */
export const PURE_RGB: Record<Colour, [number, number, number]> = {
  red: [0.88, 0.12, 0.1],
  green: [0.12, 0.8, 0.14],
  blue: [0.1, 0.16, 0.88],
};
