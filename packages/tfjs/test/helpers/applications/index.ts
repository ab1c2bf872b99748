export { denseNetLike } from './densenet';
export { inceptionV3Like } from './inception-v3';
export { mobileNetV2Like, mobileNetV3Like } from './mobilenet';
export { negativePoolNet } from './pooling-edge-cases';
export { resNetLike } from './resnet';
export { squeezeNetLike } from './squeezenet';
export { xceptionLike } from './xception';
