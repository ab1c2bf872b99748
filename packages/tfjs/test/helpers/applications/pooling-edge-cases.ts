import type * as tfl from '@tensorflow/tfjs-layers';
import { Blocks, functional } from './blocks';

/**
 * Max pools whose windows are all <= 0, where stock WASM's MaxPoolGrad routes the gradient to the
 * wrong cell: a conv with a strongly negative bias -> ReLU (windows of zeros) -> 2x2 max pool, and
 * a linear conv with a negative bias -> 'same' 3x3/2 max pool (windows of negative values).
 */
export function negativePoolNet(seed = 6): tfl.LayersModel {
  const b = new Blocks(seed);
  return functional('negative_pool_net', [16, 16, 3], (x) => {
    let h = b.conv(x, 6, 3, { activation: 'relu', biasMean: -1.5 });
    h = b.maxPool(h, 2, 2);
    h = b.conv(h, 6, 3, { biasMean: -3 });
    h = b.maxPool(h, 3, 2, 'same');
    h = b.conv(h, 6, 3, { activation: 'relu' });
    return b.classifier(b.globalAvgPool(h), 4);
  });
}
