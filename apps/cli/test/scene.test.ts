import { describe, expect, it } from 'vitest';
import { seededRng } from '../src/demo/rng';
import { drawScene, type SceneObject } from '../src/demo/scene';

function boxesTouch(a: SceneObject, b: SceneObject): boolean {
  return !(a.box.x1 < b.box.x0 || b.box.x1 < a.box.x0 || a.box.y1 < b.box.y0 || b.box.y1 < a.box.y0);
}

describe('drawScene', () => {
  it('is the same for the same seed and different for another', () => {
    const a = drawScene(64, seededRng(1));
    const b = drawScene(64, seededRng(1));
    const c = drawScene(64, seededRng(2));
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
  });

  it('draws 2-3 objects of distinct colours, apart, each box the bounds of its mask', () => {
    const rng = seededRng(9);
    for (let i = 0; i < 50; i++) {
      const scene = drawScene(128, rng);
      const { objects, image } = scene;
      expect(image).toMatchObject({ width: 128, height: 128, channels: 3 });
      expect(image.data.length).toBe(128 * 128 * 3);
      expect(objects.length).toBeGreaterThanOrEqual(2);
      expect(objects.length).toBeLessThanOrEqual(3);
      expect(new Set(objects.map((o) => o.colour)).size).toBe(objects.length);
      for (const [j, o] of objects.entries()) {
        let area = 0;
        for (let p = 0; p < o.mask.length; p++) {
          if (!o.mask[p]) continue;
          area++;
          const x = p % 128;
          const y = Math.floor(p / 128);
          expect(x >= o.box.x0 && x <= o.box.x1 && y >= o.box.y0 && y <= o.box.y1).toBe(true);
        }
        expect(area).toBe(o.area);
        expect(o.area).toBeGreaterThan(100);
        for (const other of objects.slice(j + 1)) expect(boxesTouch(o, other)).toBe(false);
      }
    }
  });

  it('paints each object in its colour: the named channel dominates inside the mask', () => {
    const scene = drawScene(64, seededRng(3));
    for (const o of scene.objects) {
      const channel = { red: 0, green: 1, blue: 2 }[o.colour];
      const sums = [0, 0, 0];
      for (let p = 0; p < o.mask.length; p++) {
        if (o.mask[p]) for (let c = 0; c < 3; c++) sums[c] += scene.image.data[p * 3 + c];
      }
      for (let c = 0; c < 3; c++) if (c !== channel) expect(sums[channel]).toBeGreaterThan(3 * sums[c]);
    }
  });
});
