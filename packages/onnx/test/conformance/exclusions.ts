/**
 * Cases of supported ops that test features the importer does not have, each with the reason.
 * The runner expects every one to be refused when the model is loaded (and fails if one loads),
 * so the list cannot go stale silently.
 */
const THREE_D =
  '3-D windows: TF.js 3-D convolution and pooling are NDHWC-only and lack the gradients used here';
const BFLOAT16 = 'bfloat16: TF.js has no such dtype to cast to or from';
const STRING = 'strings: TF.js cannot cast strings to numbers or back';
const TRAINING =
  'training mode: the importer runs models as at inference (batch statistics and random dropout are not)';

export const EXCLUDED: Record<string, string> = {
  test_averagepool_3d_default: THREE_D,
  test_maxpool_3d_default: THREE_D,
  test_convtranspose_3d: THREE_D,
  test_batchnorm_epsilon_training_mode: TRAINING,
  test_batchnorm_example_training_mode: TRAINING,
  test_training_dropout: TRAINING,
  test_training_dropout_default: TRAINING,
  test_training_dropout_default_mask: TRAINING,
  test_training_dropout_mask: TRAINING,
  test_training_dropout_zero_ratio: TRAINING,
  test_training_dropout_zero_ratio_mask: TRAINING,
  test_cast_BFLOAT16_to_FLOAT: BFLOAT16,
  test_cast_FLOAT_to_BFLOAT16: BFLOAT16,
  test_castlike_BFLOAT16_to_FLOAT: BFLOAT16,
  test_castlike_BFLOAT16_to_FLOAT_expanded: BFLOAT16,
  test_castlike_FLOAT_to_BFLOAT16: BFLOAT16,
  test_castlike_FLOAT_to_BFLOAT16_expanded: BFLOAT16,
  test_cast_FLOAT_to_STRING: STRING,
  test_cast_STRING_to_FLOAT: STRING,
  test_castlike_FLOAT_to_STRING: STRING,
  test_castlike_FLOAT_to_STRING_expanded: STRING,
  test_castlike_STRING_to_FLOAT: STRING,
  test_castlike_STRING_to_FLOAT_expanded: STRING,
  test_identity_opt: 'optional values: the importer runs tensors only',
  test_identity_sequence: 'sequences: the importer runs tensors only',
  test_maxpool_with_argmax_2d_precomputed_pads: "MaxPool's Indices output (argmax positions) is not computed",
  test_maxpool_with_argmax_2d_precomputed_strides:
    "MaxPool's Indices output (argmax positions) is not computed",
  test_scatternd_multiply:
    "ScatterND's mul reduction: its gradient with respect to repeated indices is not implemented",
  test_resize_tf_crop_and_resize:
    "Resize's tf_crop_and_resize mode (it needs the roi input) is not implemented",
};
