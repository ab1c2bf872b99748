import type { Activation } from './channel-ops';
import { unsupported } from './unsupported';

const PLAIN = new Set([
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'swish',
  'hardSigmoid',
  'softplus',
  'softsign',
  'selu',
]);

/** A Keras activation by its serialized name ('relu', 'hardSigmoid', ...); `where` names the layer. */
export function kerasActivation(name: string | undefined, where: string): Activation {
  const kind = name ?? 'linear';
  if (kind === 'elu') return { kind: 'elu', alpha: 1 };
  if (PLAIN.has(kind)) return { kind } as Activation;
  return unsupported(`activation '${kind}' of layer '${where}'`);
}
