import type { Panel } from '../explain/panel';
import { drawImage } from './canvas';
import { byId } from './dom';

/** The panel's guided backpropagation and Guided Grad-CAM images, or nothing when it has none. */
export function showGuided(panel: Panel): void {
  for (const [id, image] of [
    ['guided', panel.guided],
    ['guided-gradcam', panel.guidedGradCam],
  ] as const) {
    const figure = byId(`${id}-figure`);
    figure.hidden = !image;
    if (image) drawImage(byId<HTMLCanvasElement>(`${id}-image`), image);
  }
}
