/** Per-channel constants, in the output channel order; a single number applies to all three. */
export type ChannelValues = number | readonly [number, number, number];

export interface Normalization {
  /** Multiplies the 0..255 pixel before `mean` and `std` apply (default 1/255). */
  scale?: number;
  /** Subtracted after scaling (default 0). */
  mean?: ChannelValues;
  /** Divides after the mean is subtracted (default 1). */
  std?: ChannelValues;
  /** Channel order of the output (default 'RGB'). */
  channelOrder?: 'RGB' | 'BGR';
}

/**
 * The usual input conventions, to spread into `preprocess` options:
 * `preprocess(image, { ...PRESETS.imagenet, size: 224 })`.
 */
export const PRESETS = {
  /** torchvision / timm: [0,1], then ImageNet mean and std per RGB channel. */
  imagenet: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB' },
  /** Keras "tf" mode (MobileNet, Inception, Xception): [-1, 1]. */
  tf: { scale: 1 / 127.5, mean: 1, std: 1, channelOrder: 'RGB' },
  /** Plain [0, 1]. */
  unit: { scale: 1 / 255, mean: 0, std: 1, channelOrder: 'RGB' },
  /** Keras "caffe" mode (VGG, ResNet50 v1): BGR on 0..255 minus the ImageNet BGR mean, no std. */
  caffe: { scale: 1, mean: [103.939, 116.779, 123.68], std: 1, channelOrder: 'BGR' },
} as const satisfies Record<string, Normalization>;

export type PresetName = keyof typeof PRESETS;
