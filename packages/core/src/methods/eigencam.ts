import type { ActivationMethod } from './method';
import { firstPrincipalProjection } from './principal-projection';

/** Eigen-CAM (Muhammad & Yeasin 2020): the activations' first principal component; class-agnostic. */
export const eigencam: ActivationMethod = {
  kind: 'activation',
  name: 'eigencam',
  description: 'Eigen-CAM: projection on the first principal component of the activations',
  rawMap: (activations) => firstPrincipalProjection(activations),
};
