import { COLORS, type Scene, SHAPES } from '@gradcam/shapeworld';

const isColor = (w: string) => (COLORS as readonly string[]).includes(w);
const isShape = (w: string) => (SHAPES as readonly string[]).includes(w);

/**
 * The objects each word of a model's caption names, read off the scene: "red circle" names the
 * red circle (both words), a shape word alone every object of that shape, a colour word alone
 * every object of that colour. Other words (articles, relations) name none. A word that names
 * nothing in the scene (a caption's mistake) gets no objects, so it is not graded.
 */
export function captionWordObjects(tokens: readonly string[], scene: Scene): number[][] {
  const ids = scene.objects.map((_, i) => i);
  const where = (f: (o: Scene['objects'][number]) => boolean) => ids.filter((i) => f(scene.objects[i]));
  return tokens.map((word, i) => {
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    if (isColor(word) && next && isShape(next)) return where((o) => o.color === word && o.shape === next);
    if (isShape(word) && previous && isColor(previous))
      return where((o) => o.color === previous && o.shape === word);
    if (isShape(word)) return where((o) => o.shape === word);
    if (isColor(word)) return where((o) => o.color === word);
    return [];
  });
}
