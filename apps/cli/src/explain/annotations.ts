import type { MapData } from '@gradcam/core';
import type { TruthGrade } from '../shapeworld/ground-truth';

/** What is known of one class on one image besides the model's view: is it there, and where. */
export interface ClassTruth {
  present: boolean;
  /** How the class's map finds its objects, when it is present. */
  grade?: TruthGrade;
}

/**
 * What the CLI knows beyond a model file: class names (the bundled classifier's shapes) and, for
 * generated scenes, the ground truth each class's map is graded against.
 */
export interface Annotations {
  classNames?: readonly string[];
  /** Said on the CLI, in the JSON and as the page banner: why these maps may mean nothing. */
  notice?: string;
  /** The names as file-name parts, when they may not be safe or unique (a user's --labels). */
  classFileParts?: readonly string[];
  /** Where user-given names came from (--labels, or a metadata.json beside the model). */
  classNamesFrom?: string;
  /** Undefined for an image without ground truth (a user's file). */
  truth?(file: string, classIndex: number, map: MapData): ClassTruth | undefined;
}

/** The class as reports name it: its name when known, else its index. */
export function classLabel(annotations: Annotations | undefined, classIndex: number): string {
  return annotations?.classNames?.[classIndex] ?? `class ${classIndex}`;
}
