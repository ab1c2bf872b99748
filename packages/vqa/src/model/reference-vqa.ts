import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fail } from '../errors';
import type { AnswerVocabulary } from '../vocabulary/answer-vocabulary';
import type { QuestionVocabulary } from '../vocabulary/question-vocabulary';
import { lstmLastState } from './lstm';
import { dense, l2Normalize, poolImage } from './ops';
import { checkConfig, type ReferenceVqaConfig, referenceWeightShapes } from './reference-config';
import type { VqaModel } from './vqa-model';

export interface ReferenceVqaParts {
  encoder: LayersModel;
  questionVocabulary: QuestionVocabulary;
  answerVocabulary: AnswerVocabulary;
  config: ReferenceVqaConfig;
  /** Head weights by name (see `referenceWeightShapes`); the model takes them over as variables. */
  weights: Record<string, tf.Tensor>;
  metadata?: Record<string, unknown>;
}

/** The channels of an encoder's output, which must be `[batch, h, w, c]` or `[batch, c]`. */
export function encoderChannels(encoder: LayersModel): number {
  if (encoder.outputs.length !== 1)
    fail(`the image encoder must have one output, it has ${encoder.outputs.length}`);
  const shape = encoder.outputs[0].shape;
  const channels = shape[shape.length - 1];
  if ((shape.length !== 4 && shape.length !== 2) || channels === null) {
    fail(`the image encoder must output [batch, h, w, c] or [batch, c], not [${shape.join(', ')}]`);
  }
  return channels;
}

/**
 * The reference VQA head (see `ReferenceArchitecture`) on top of any image encoder, in tfjs-core
 * ops so that every part is differentiable with respect to the encoder's activations and the word
 * embeddings. Its weights are variables, so that an optimizer can train it.
 */
export class ReferenceVqaModel implements VqaModel {
  readonly encoder: LayersModel;
  readonly questionVocabulary: QuestionVocabulary;
  readonly answerVocabulary: AnswerVocabulary;
  readonly config: ReferenceVqaConfig;
  readonly metadata: Record<string, unknown>;
  readonly weights: Record<string, tf.Variable>;

  constructor(parts: ReferenceVqaParts) {
    this.config = checkConfig(parts.config);
    this.encoder = parts.encoder;
    this.questionVocabulary = parts.questionVocabulary;
    this.answerVocabulary = parts.answerVocabulary;
    this.metadata = { ...(parts.metadata ?? {}) };
    const channels = encoderChannels(parts.encoder);
    if (channels !== this.config.imageChannels) {
      fail(`the encoder outputs ${channels} channels but the VQA head expects ${this.config.imageChannels}`);
    }
    if (this.config.architecture === 'attention' && parts.encoder.outputs[0].shape.length !== 4) {
      fail('the attention architecture attends over a spatial map: the encoder must output [batch, h, w, c]');
    }
    const shapes = referenceWeightShapes(
      this.config,
      this.questionVocabulary.size,
      this.answerVocabulary.size,
    );
    for (const [name, shape] of Object.entries(shapes)) {
      const given = parts.weights[name];
      if (!given) fail(`the VQA head weights lack '${name}'`);
      if (given.shape.join() !== shape.join()) {
        fail(`VQA weight '${name}' has shape [${given.shape.join(', ')}], expected [${shape.join(', ')}]`);
      }
    }
    const extra = Object.keys(parts.weights).filter((name) => !(name in shapes));
    if (extra.length > 0)
      fail(`unexpected VQA head weights for a '${this.config.architecture}' model: ${extra.join(', ')}`);
    this.weights = Object.fromEntries(
      Object.keys(shapes).map((name) => [name, tf.variable(parts.weights[name])]),
    );
    // The variables share the given tensors' data; the given handles are no longer needed.
    tf.dispose(Object.values(parts.weights));
  }

  private w<R extends tf.Rank>(name: string): tf.Tensor<R> {
    return this.weights[name] as unknown as tf.Tensor<R>;
  }

  embedQuestion(tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.gather(this.w('question/embedding'), tokens.cast('int32')) as tf.Tensor3D;
  }

  encodeQuestion(embeddings: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
    return lstmLastState(embeddings, mask, {
      kernel: this.w('question/lstm/kernel'),
      recurrent: this.w('question/lstm/recurrent'),
      bias: this.w('question/lstm/bias'),
    });
  }

  /**
   * `attention` (from `attentionWeights` of the same inputs) saves computing it twice when the
   * caller needs it as well, as training with supervised attention does.
   */
  fuse(imageFeatures: tf.Tensor, questionFeatures: tf.Tensor2D, attention?: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const image =
        this.config.architecture === 'attention'
          ? this.attend(imageFeatures, attention ?? this.attentionWeights(imageFeatures, questionFeatures))
          : poolImage(imageFeatures);
      const imagePart = dense(
        l2Normalize(image),
        this.w('image/project/kernel'),
        this.w('image/project/bias'),
      ).tanh();
      const questionPart = dense(
        questionFeatures,
        this.w('question/project/kernel'),
        this.w('question/project/bias'),
      ).tanh();
      return imagePart.mul(questionPart) as tf.Tensor2D;
    });
  }

  classify(fused: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const hidden = dense(
        fused,
        this.w('classifier/hidden/kernel'),
        this.w('classifier/hidden/bias'),
      ).tanh();
      return dense(
        hidden,
        this.w('classifier/output/kernel'),
        this.w('classifier/output/bias'),
      ) as tf.Tensor2D;
    });
  }

  /**
   * Soft attention over the grid (one glimpse, as stacked attention networks do): each position's
   * feature and the question give tanh(V W_v + q W_q + b), scored by w_s; a softmax over the
   * positions weights their average. Everything is per row.
   */
  attentionWeights(imageFeatures: tf.Tensor, questionFeatures: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const [rows, h, w] = this.spatial(imageFeatures).shape;
      const positions = imageFeatures.reshape([rows, h * w, -1]);
      const fromImage = dense(
        positions,
        this.w('attention/image/kernel'),
        tf.zeros([this.config.attentionSize]),
      );
      const fromQuestion = dense(
        questionFeatures,
        this.w('attention/question/kernel'),
        this.w('attention/bias'),
      ).expandDims(1);
      const logits = dense(
        fromImage.add(fromQuestion).tanh(),
        this.w('attention/score/kernel'),
        tf.zeros([1]),
      );
      return tf.softmax(logits.reshape([rows, h * w])).reshape([rows, h, w]) as tf.Tensor3D;
    });
  }

  private attend(imageFeatures: tf.Tensor, attention: tf.Tensor3D): tf.Tensor2D {
    const [rows, h, w, c] = this.spatial(imageFeatures).shape;
    if (attention.shape.join() !== [rows, h, w].join()) {
      fail(
        `attention must be [${rows}, ${h}, ${w}] (rows, grid) for these features, got [${attention.shape.join(', ')}]`,
      );
    }
    const weights = attention.reshape([rows, h * w, 1]);
    return imageFeatures
      .reshape([rows, h * w, c])
      .mul(weights)
      .sum(1) as tf.Tensor2D;
  }

  private spatial(imageFeatures: tf.Tensor): tf.Tensor4D {
    if (imageFeatures.rank !== 4) {
      fail(`attention needs spatial image features [rows, h, w, c], got rank ${imageFeatures.rank}`);
    }
    return imageFeatures as tf.Tensor4D;
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
    this.encoder.dispose();
  }
}
