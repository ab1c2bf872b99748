import * as tf from '@tensorflow/tfjs-core';
import type { Viewer } from './viewer';

/**
 * `window.__gradcam`: what the page shows, as plain data, for tests and the curious. Getters, so
 * that reading it always gives the current state; typed arrays come out as plain arrays.
 */
export function exposeState(viewer: Viewer): void {
  const state = {
    ready: true,
    get backend() {
      return viewer.backend;
    },
    get busy() {
      return viewer.busy;
    },
    get runs() {
      return viewer.runs;
    },
    /** TF.js tensors alive now: back to the same count after every explanation. */
    get tensors() {
      return tf.memory().numTensors;
    },
    get error() {
      return viewer.error;
    },
    get tab() {
      return viewer.tab;
    },
    get models() {
      return {
        classifier: viewer.classifier?.name,
        captioner: Boolean(viewer.models.captioner),
        vqa: Boolean(viewer.models.vqa),
        problems: viewer.models.problems,
      };
    },
    get scene() {
      const scene = viewer.input.scene;
      return scene
        ? {
            seed: scene.seed,
            width: scene.width,
            height: scene.height,
            objects: scene.objects.map((o) => ({
              color: o.color,
              shape: o.shape,
              box: o.box,
              mask: Array.from(o.mask),
            })),
          }
        : undefined;
    },
    get questions() {
      return viewer.input.questions.map((q) => ({ text: q.text, answer: q.answer, objects: q.objects }));
    },
    get explained() {
      const e = viewer.explained;
      return e
        ? {
            kind: e.kind,
            text: e.text,
            method: e.method,
            layer: e.layer,
            counterfactual: e.counterfactual,
            guided: e.panels.some((p) => p.guided !== undefined),
            backend: e.backend,
            labels: e.panels.map((p) => p.label),
            scores: e.panels.map((p) => p.score ?? p.logProb ?? null),
            selected: viewer.selected,
          }
        : undefined;
    },
    /** The selected panel's map, at the input image's size: what the overlay shows. */
    get map() {
      const map = viewer.selectedMap;
      const label = viewer.explained?.panels[viewer.selected]?.label;
      return map ? { label, width: map.width, height: map.height, data: Array.from(map.data) } : undefined;
    },
    get metrics() {
      return viewer.metrics();
    },
    /** The right answer to the asked question, when the scene's generator asked it. */
    get trueAnswer() {
      return viewer.trueAnswer;
    },
  };
  (window as unknown as { __gradcam: typeof state }).__gradcam = state;
}
