import type { Explained } from '../explain/panel';
import { classObjects, questionObjects, wordObjects } from '../ground-truth';
import type { ViewerInput } from './input';

/**
 * The scene objects each panel is about, where the ground truth tells: caption words that name
 * objects, classes of the reference classifier, answers to the scene's own questions.
 */
export function panelObjects(
  input: ViewerInput,
  explained: Explained,
  referenceClassifier: boolean,
): (number[] | undefined)[] {
  const { scene } = input;
  if (!scene) return explained.panels.map(() => undefined);
  if (explained.kind === 'words') {
    const words = explained.panels.slice(0, -1).map((p) => p.label);
    return [...wordObjects(scene, words), undefined];
  }
  if (explained.kind === 'classes')
    return explained.panels.map((p) => (referenceClassifier ? classObjects(scene, p.label) : undefined));
  const objects = questionObjects(input.questions, explained.text ?? '');
  return explained.panels.map(() => objects);
}
