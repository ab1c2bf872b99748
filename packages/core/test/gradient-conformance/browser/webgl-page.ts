// Bundled by run-in-chromium.ts into the page: the same cases and the same runner as in Node, on
// TF.js's WebGL backend.
import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import '../../../src/index';
import { ALL_CASES } from '../cases';
import { runBackend, type SuiteResults } from '../run-column';
import { checkSensitivity } from '../skewed';

/** What the WebGL backend ran on, for the table and for a failure's message. */
export interface WebglEnvironment {
  renderer: string;
  webglVersion: number;
  /** False on GPUs that render to float16 textures: the tolerances would then not hold. */
  float32: boolean;
}

function renderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
}

export interface WebglRun {
  suite: SuiteResults;
  environment: WebglEnvironment;
  /** The check on WebGL: skewed gradients it let through, exact ones it failed. */
  sensitivity: ReturnType<typeof checkSensitivity>;
}

async function runWebglConformance(): Promise<WebglRun> {
  // By default WebGL hands ops on small tensors still held on the CPU to its CPU kernels: every
  // case here is that small, so without this the column would test the CPU code, not the shaders.
  tf.env().set('WEBGL_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgl'))) throw new Error('TF.js could not initialise its WebGL backend');
  await tf.ready();
  const environment = {
    renderer: renderer(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
  };
  const suite = await runBackend(ALL_CASES, 'webgl');
  return { suite, environment, sensitivity: checkSensitivity() };
}

Object.assign(globalThis, { runWebglConformance });
