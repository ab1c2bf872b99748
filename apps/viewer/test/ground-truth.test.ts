import { askQuestions, generateScene } from '@gradcam/shapeworld';
import { describe, expect, it } from 'vitest';
import { classObjects, groundTruthMetrics, questionObjects, wordObjects } from '../src/ground-truth';

/** Seed 10: a red square, a yellow cross, a green square and a blue cross. */
const scene = generateScene(10);

describe('ground truth of the viewer', () => {
  it('links colour-shape phrases and bare shapes to their objects, other words to none', () => {
    const words = 'a red square left of the crosses and a purple circle and a square'.split(' ');
    expect(wordObjects(scene, words)).toEqual([
      undefined,
      [0],
      [0],
      undefined,
      undefined,
      undefined,
      [1, 3],
      undefined,
      undefined,
      undefined,
      undefined, // no purple circle in the scene
      undefined,
      undefined,
      [0, 2],
    ]);
    expect(classObjects(scene, 'cross')).toEqual([1, 3]);
    expect(classObjects(scene, 'circle')).toBeUndefined();
  });

  it("finds a generated question's objects whatever its case and punctuation", () => {
    const question = askQuestions(scene, { perType: 3 }).find((q) => q.objects.length > 0)!;
    expect(
      questionObjects(askQuestions(scene, { perType: 3 }), question.text.toUpperCase().replace('?', ' ?')),
    ).toEqual(question.objects);
    expect(questionObjects([], question.text)).toBeUndefined();
  });

  it('scores a map against the masks: pointing hit and the 15%-box IoU, by hand', () => {
    const { width, height } = scene;
    const square = scene.objects[0];
    // A map that is 1 exactly on the red square's box and 0 elsewhere: its 15% box is that box.
    const data = new Float32Array(width * height);
    for (let y = square.box.y0; y <= square.box.y1; y++)
      for (let x = square.box.x0; x <= square.box.x1; x++) data[y * width + x] = 1;
    const onSquare = groundTruthMetrics(scene, [0], { data, width, height });
    expect(onSquare.pointingHit).toBe(square.mask[square.box.y0 * width + square.box.x0] === 1);
    expect(onSquare.boxIoU).toBeCloseTo(1, 10);
    // Against the cross, far away: a miss and no overlap.
    expect(groundTruthMetrics(scene, [1], { data, width, height })).toEqual({
      pointingHit: false,
      boxIoU: 0,
    });
    expect(() => groundTruthMetrics(scene, [0], { data: new Float32Array(4), width: 2, height: 2 })).toThrow(
      'the map is 2x2 but the mask is 64x64',
    );
  });
});
