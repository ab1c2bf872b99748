import { argmax, type PageState } from './page-state';

type Scene = NonNullable<PageState['scene']>;

/** Indices of the scene's objects whose mask contains the map's maximum. */
export function objectsAtPeak(scene: Scene, map: NonNullable<PageState['map']>): number[] {
  if (map.width !== scene.width || map.height !== scene.height)
    throw new Error(`map ${map.width}x${map.height} is not at the scene's ${scene.width}x${scene.height}`);
  const peak = argmax(map.data);
  return scene.objects.flatMap((o, i) => (o.mask[peak] === 1 ? [i] : []));
}

/** A short description of the objects, for assertion messages. */
export const describe = (scene: Scene, indices: number[]) =>
  indices.map((i) => `${scene.objects[i].color} ${scene.objects[i].shape}`).join(', ') || 'background';
