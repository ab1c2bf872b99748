import type { ExplainableModel } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { COLOURS } from './colours';

/**
 * A three-class CNN ("red", "green", "blue": is there something of that colour in the picture?)
 * whose weights are written by hand, so that what Grad-CAM should show is known in advance.
 *
 *   input [n,h,w,3] RGB in [0,1]
 *   1x1 conv "opponent colours" + bias, ReLU      -> per-pixel redness, greenness, blueness
 *   3x3 conv "box blur", stride 2, ReLU           -> colour_maps [n,h/2,w/2,3]   (explained layer)
 *   global average pooling, dense 3 -> 3 + bias   -> logits
 *
 * Explaining class c then gives alpha_k = W[k][c] / (h/2 * w/2) (the head is linear), and the map
 * ReLU(sum_k alpha_k A^k) is the c-ness of each place minus a twentieth of the other colours' there:
 * it lights up exactly the objects of colour c.
 */
export interface ColourDetector extends ExplainableModel<tf.Tensor4D, Record<string, never>, tf.Tensor2D> {
  /** The whole model at once: logits `[n, 3]` in the order of COLOURS. */
  predict(input: tf.Tensor4D): tf.Tensor2D;
  /** Frees the weights. */
  dispose(): void;
}

/** The explained layer's name, reported in explanations. */
export const COLOUR_MAPS_LAYER = 'colour_maps';

/**
 * Opponent colours, in conv2d layout [1,1,in,out] (`OPPONENT[in][out]`): a channel's own
 * intensity minus the mean of the other two, e.g. red = R - (G + B) / 2. Grey (R = G = B) of any
 * brightness gives 0, so the background vanishes however light or dark it is.
 */
const OPPONENT = [
  [1, -0.5, -0.5],
  [-0.5, 1, -0.5],
  [-0.5, -0.5, 1],
];

/**
 * Subtracted before the ReLU: a dead zone for pixel noise. The demo's grey noise (sigma 0.03
 * per channel) gives an opponent response with sigma ~0.04, so -0.1 leaves only about 1 noisy
 * pixel in 300 alive (and barely); a saturated object responds with ~0.7 and passes easily.
 */
const DEAD_ZONE = -0.1;

/**
 * The head's dense layer, logit_c = sum_k W[k][c] * mean(A^k) + b_c. Global average pooling
 * makes mean(A^k) "how much of the picture is colour k"; x100 puts it on the scale of percentages
 * (a saturated pixel responds with ~0.7, so a red object covering 5% of the picture adds ~3.5).
 * Other colours count weakly against c, so the classes compete a little, and Grad-CAM's ReLU has
 * something to do: another colour's object is negative evidence for c and is cut from c's map.
 * The bias makes a logit positive exactly when its colour covers more than about 1% of the
 * picture, so a person can read the sign as the detector's yes or no.
 */
const EVIDENCE_FOR = 100;
const EVIDENCE_AGAINST = -5;
const PRESENCE_BIAS = -0.5;

export function colourDetector(): ColourDetector {
  const classes = COLOURS.length;
  const opponent = tf.tensor4d(OPPONENT.flat(), [1, 1, classes, classes]);
  const deadZone = tf.fill([classes], DEAD_ZONE);
  // A 3x3 mean filter that keeps channels apart (kernel[i][j][in][out] = 1/9 when in = out):
  // it fills the speckles inside an object and rounds its outline, and stride 2 halves the grid
  // as a real network's downsampling would.
  const blurTap = COLOURS.map((_, i) => COLOURS.map((__, o) => (i === o ? 1 / 9 : 0)));
  const blur = tf.tensor4d(Array(9).fill(blurTap).flat(2), [3, 3, classes, classes]);
  const dense = tf.tensor2d(
    COLOURS.flatMap((_, k) => COLOURS.map((__, c) => (k === c ? EVIDENCE_FOR : EVIDENCE_AGAINST))),
    [classes, classes],
  );
  const presence = tf.fill([classes], PRESENCE_BIAS);
  const weights = [opponent, deadZone, blur, dense, presence];

  const colourMaps = (input: tf.Tensor4D): tf.Tensor4D => {
    assertRgbBatch(input);
    const perPixel = tf.relu(tf.add(tf.conv2d(input, opponent, 1, 'valid'), deadZone)) as tf.Tensor4D;
    return tf.relu(tf.conv2d(perPixel, blur, 2, 'same'));
  };
  // Real TF.js ops, so that the engine's gradients flow from any logit back to colour_maps.
  const head = (activations: tf.Tensor4D): tf.Tensor2D =>
    tf.add(tf.matMul(tf.mean(activations, [1, 2]) as tf.Tensor2D, dense), presence);

  return {
    layer: COLOUR_MAPS_LAYER,
    inputSize: (input) => [input.shape[1], input.shape[2]],
    body: (input) => ({ activations: tf.tidy(() => colourMaps(input)), context: {} }),
    head: (activations) => head(activations),
    predict: (input) => tf.tidy(() => head(colourMaps(input))),
    dispose: () => tf.dispose(weights),
  };
}

function assertRgbBatch(input: tf.Tensor): void {
  if (input.rank !== 4 || input.shape[3] !== 3) {
    throw new Error(
      `the colour detector takes RGB images [n, h, w, 3], got shape [${input.shape.join(', ')}]`,
    );
  }
}
