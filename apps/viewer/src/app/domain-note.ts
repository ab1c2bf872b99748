import { byId } from '../ui/dom';

/** Why a bundled model's answer on the user's own image means nothing, and what to do instead. */
export const DOMAIN_NOTE =
  'The bundled ShapeWorld models know only synthetic 64x64 scenes of coloured shapes (circle, square, triangle, cross): ' +
  'on your image their answers and maps mean nothing. Load a classifier of your own below, or run ' +
  'gradcam explain --model <your model> from the command line.';

/** Shows the note while the user's image (no generated scene) meets a bundled model. */
export function showDomainNote(userImage: boolean, bundledModel: boolean): void {
  const note = byId('domain-note');
  note.textContent = DOMAIN_NOTE;
  note.hidden = !(userImage && bundledModel);
}
