import type { PresetName } from '@gradcam/render';
import type { ClassChoice } from '../explain/class-choice';
import type { BackendOption } from '../global-options';

/**
 * Everything a worker needs to explain items the way the run asked, as plain data: it crosses to
 * worker threads and, through Redis, to other machines (run.json in the output folder).
 */
export interface BatchSettings {
  model: string;
  layers: string[];
  /** The scored output of the model, by name (default: its only one). */
  output?: string;
  methods: string[];
  preset: PresetName;
  /** For items without their own classes. */
  choice: ClassChoice;
  verify: boolean;
  /** Also write an overlay PNG per map, at the explained image's size (bounded by maxSide). */
  overlay: boolean;
  colormap: string;
  /** Longest image side explained; larger images are downscaled first. */
  maxSide: number;
  backend: BackendOption;
  /** Class names (--labels, or a metadata.json beside the model), and where they came from. */
  labels?: { names: readonly string[]; from: string };
}
