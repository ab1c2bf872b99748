import { describe, expect, it } from 'vitest';
import { COLOR_RGB, COLORS, generateScene, SHAPES, sceneSeed, shapeCoverage } from '../src/index';
import { maskExtent } from './helpers/geometry';

const scenes = Array.from({ length: 300 }, (_, i) => generateScene(sceneSeed(11, i)));
const objects = scenes.flatMap((scene) => scene.objects.map((object) => ({ scene, object })));

describe('generateScene', () => {
  it('is a function of its seed and options alone', () => {
    const a = generateScene(1234);
    const b = generateScene(1234);
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(a.objects).toEqual(b.objects);
    const c = generateScene(1235);
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
    expect(generateScene(1234, { size: 96 }).image.width).toBe(96);
  });

  it('draws one to four objects of every shape and colour, at most one per (colour, shape)', () => {
    const counts = scenes.map((s) => s.objects.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(4);
    for (const scene of scenes) {
      const kinds = scene.objects.map((o) => `${o.color} ${o.shape}`);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
    expect(new Set(objects.map((o) => o.object.shape))).toEqual(new Set(SHAPES));
    expect(new Set(objects.map((o) => o.object.color))).toEqual(new Set(COLORS));
    expect(scenes[0].image).toMatchObject({ width: 64, height: 64, channels: 3 });
    expect(scenes[0].image.data.length).toBe(64 * 64 * 3);
  });

  it('gives every object a mask that agrees with its box and area, inside its shape', () => {
    for (const { scene, object } of objects) {
      const extent = maskExtent(object.mask, scene.width);
      expect(object.mask.length).toBe(scene.width * scene.height);
      expect(object.mask.every((v) => v === 0 || v === 1)).toBe(true);
      expect(object.box).toEqual({ x0: extent.x0, y0: extent.y0, x1: extent.x1, y1: extent.y1 });
      expect(object.area).toBe(extent.area);
      expect(object.area).toBeGreaterThan(40);
      const { x, y } = object.center;
      expect(extent.x0).toBeGreaterThanOrEqual(Math.floor(x - object.radius));
      expect(extent.x1).toBeLessThanOrEqual(Math.ceil(x + object.radius));
      expect(extent.y0).toBeGreaterThanOrEqual(Math.floor(y - object.radius));
      expect(extent.y1).toBeLessThanOrEqual(Math.ceil(y + object.radius));
    }
  });

  it('keeps objects apart: disjoint masks, boxes separated by an empty pixel along some axis', () => {
    for (const scene of scenes) {
      scene.objects.forEach((a, i) => {
        scene.objects.forEach((b, j) => {
          if (j <= i) return;
          expect(a.mask.some((v, p) => v && b.mask[p])).toBe(false);
          const separated =
            a.box.x1 + 1 < b.box.x0 ||
            b.box.x1 + 1 < a.box.x0 ||
            a.box.y1 + 1 < b.box.y0 ||
            b.box.y1 + 1 < a.box.y0;
          expect(separated).toBe(true);
        });
      });
    }
  });

  it('anti-aliases: edge pixels are partly covered and painted between object and background', () => {
    const coverage = shapeCoverage('circle', 20.3, 20.6, 7.4, 64, 64);
    const partial = [...coverage.values].filter((c) => c > 0 && c < 1);
    expect(partial.length).toBeGreaterThan(20);
    expect(new Set(partial).size).toBeGreaterThan(5);

    for (const { scene, object } of objects.slice(0, 200)) {
      const cov = shapeCoverage(
        object.shape,
        object.center.x,
        object.center.y,
        object.radius,
        scene.width,
        scene.height,
      );
      const distanceToObject: { c: number; d: number }[] = [];
      cov.values.forEach((c, k) => {
        const px = cov.x + (k % cov.width);
        const py = cov.y + Math.floor(k / cov.width);
        const at = (py * scene.width + px) * 3;
        const d = Math.hypot(...[0, 1, 2].map((ch) => scene.image.data[at + ch] - object.rgb[ch]));
        distanceToObject.push({ c, d });
      });
      const inside = distanceToObject.filter((p) => p.c === 1);
      expect(distanceToObject.some((p) => p.c > 0 && p.c < 1)).toBe(true);
      const edge = distanceToObject.filter((p) => p.c >= 0.25 && p.c <= 0.75);
      // A square with its sides near pixel boundaries has only slivers of coverage.
      if (edge.length === 0) continue;
      // Fully covered pixels are the object's colour up to the +-3 sensor noise ...
      expect(Math.max(...inside.map((p) => p.d))).toBeLessThanOrEqual(Math.sqrt(3) * 3.5);
      // ... half-covered ones are blends: farther from it than noise, nearer than a background pixel.
      const median = (xs: number[]) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)];
      const outside = distanceToObject.filter((p) => p.c === 0).map((p) => p.d);
      expect(median(edge.map((p) => p.d))).toBeGreaterThan(8);
      if (outside.length) expect(median(edge.map((p) => p.d))).toBeLessThan(median(outside));
    }
  });

  it('paints each object in a colour nearer its own palette colour than any other, and far from the background', () => {
    for (const { scene, object } of objects) {
      const nearest = COLORS.map((name) => ({
        name,
        d: Math.hypot(...object.rgb.map((v, k) => v - COLOR_RGB[name][k])),
      })).sort((a, b) => a.d - b.d)[0];
      expect(nearest.name).toBe(object.color);
      // The background under the object's box border: grey, far from any object colour.
      const { x0, y0 } = object.box;
      const bx = Math.max(0, x0 - 2);
      const by = Math.max(0, y0 - 2);
      const at = (by * scene.width + bx) * 3;
      const background = [0, 1, 2].map((k) => scene.image.data[at + k]);
      if (scene.objects.every((o) => !o.mask[by * scene.width + bx])) {
        expect(Math.hypot(...background.map((v, k) => v - object.rgb[k]))).toBeGreaterThan(60);
      }
    }
  });

  it('draws at other sizes with everything scaled', () => {
    const large = Array.from({ length: 30 }, (_, i) => generateScene(sceneSeed(12, i), { size: 128 }));
    for (const scene of large) {
      expect(scene.image.width).toBe(128);
      for (const o of scene.objects) {
        expect(o.mask.length).toBe(128 * 128);
        expect(o.radius).toBeGreaterThanOrEqual(12);
        expect(o.radius).toBeLessThanOrEqual(22);
      }
    }
    expect(() => generateScene(1, { size: 8 })).toThrow(/size/);
  });
});
