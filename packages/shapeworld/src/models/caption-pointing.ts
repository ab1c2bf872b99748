import { type Captioner, explainCaption } from '@gradcam/captioning';
import { pointingHits, unionMask } from '@gradcam/metrics';
import type { Scene } from '../world/scene';
import { trainingCaption } from './captioner-data';
import type { CaptionPointingFigures } from './captioner-info';
import { scenesToTensor } from './classifier-data';
import { FEATURES_LAYER } from './encoder';
import { STANDARD_TOLERANCE } from './pointing-game';

/**
 * The pointing game on a captioner's words: for each scene, its reference caption (the phrasing
 * the model was taught, whose every colour and shape word is linked to its object) is explained
 * word by word with Grad-CAM at `layer`; a word scores when its map's maximum lies inside the
 * object it names (or within `tolerance` pixels, STANDARD_TOLERANCE by default).
 */
export async function captionPointingGame(
  captioner: Captioner,
  scenes: readonly Scene[],
  options: { layer?: string; tolerance?: number } = {},
): Promise<CaptionPointingFigures> {
  const tolerance = options.tolerance ?? STANDARD_TOLERANCE;
  const counts: Record<string, { words: number; inside: number; near: number }> = {};
  for (const scene of scenes) {
    const caption = trainingCaption(scene);
    const links = caption.links.filter((l) => l.role === 'color' || l.role === 'shape');
    const image = scenesToTensor([scene]);
    let result: Awaited<ReturnType<typeof explainCaption>>;
    try {
      result = await explainCaption(captioner, image, {
        caption: caption.text,
        layer: options.layer ?? FEATURES_LAYER,
        words: links.map((l) => l.word),
      });
    } finally {
      image.dispose();
    }
    links.forEach((link, k) => {
      const { map } = result.words[k];
      const masks = link.objects.map((i) => scene.objects[i].mask);
      const hits = pointingHits(map, unionMask(masks, map.width, map.height), { tolerance });
      counts[link.role] ??= { words: 0, inside: 0, near: 0 };
      const c = counts[link.role];
      c.words++;
      if (hits.inside) c.inside++;
      if (hits.near) c.near++;
    });
  }
  const total = Object.values(counts).reduce(
    (a, c) => ({ words: a.words + c.words, inside: a.inside + c.inside, near: a.near + c.near }),
    { words: 0, inside: 0, near: 0 },
  );
  const share = (n: number, of: number) => (of ? n / of : 0);
  return {
    scenes: scenes.length,
    words: total.words,
    insideMask: share(total.inside, total.words),
    withinTolerance: { pixels: tolerance, share: share(total.near, total.words) },
    byRole: Object.fromEntries(
      Object.entries(counts).map(([role, c]) => [
        role,
        { words: c.words, insideMask: share(c.inside, c.words), withinTolerance: share(c.near, c.words) },
      ]),
    ),
  };
}
