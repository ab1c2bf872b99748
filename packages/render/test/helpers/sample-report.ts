import { encodePng, type MapData, overlayHeatmap, type RgbImage } from '../../src';
import type { ReportInput, ReportPanel } from '../../src/report';

/** A 160x120 scene: a red disc on the left, a blue square on the right, on light grey. */
export function sampleScene(width = 160, height = 120): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(225);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      if ((x - 45) ** 2 + (y - 60) ** 2 < 26 ** 2) data.set([220, 40, 40], p);
      if (x >= 92 && x < 140 && y >= 36 && y < 84) data.set([40, 70, 210], p);
    }
  }
  return { data, width, height, channels: 3 };
}

/** A Gaussian bump at (cx, cy), in [0, 1]: a stand-in for a map that looks at one spot. */
export function bump(width: number, height: number, cx: number, cy: number, sigma = 18): MapData {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[y * width + x] = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma ** 2));
    }
  }
  return { data, width, height };
}

export async function overlayPng(
  image: RgbImage,
  cx: number,
  cy: number,
  sigma?: number,
): Promise<Uint8Array> {
  return encodePng(overlayHeatmap(image, bump(image.width, image.height, cx, cy, sigma)));
}

/**
 * A caption report as `gradcam caption` would make it, with two methods, a counterfactual map per
 * word and a label that needs escaping (`<unk>`).
 */
export async function sampleCaptionReport(): Promise<ReportInput> {
  const image = sampleScene();
  const spots: [string, number, number, number][] = [
    ['a', 80, 48, -2.1],
    ['red', 45, 60, -0.9],
    ['circle', 45, 58, -0.4],
    ['<unk>', 110, 30, -3.2],
    ['blue', 116, 60, -1.1],
    ['square', 116, 62, -0.7],
  ];
  const panels: ReportPanel[] = [];
  for (const [label, cx, cy, logProb] of spots) {
    panels.push({
      label,
      logProb,
      notes: label === '<unk>' ? ['"beside" is not in the vocabulary: read as <unk>'] : undefined,
      maps: {
        gradcam: await overlayPng(image, cx, cy),
        gradcampp: await overlayPng(image, cx + 4, cy - 4, 24),
      },
      counterfactual: { gradcam: await overlayPng(image, 160 - cx, 120 - cy) },
      metrics: label === 'red' ? { IoU: 0.61, 'pointing hit': true } : undefined,
    });
  }
  panels.push({
    label: 'whole caption',
    logProb: -8.4,
    maps: { gradcam: await overlayPng(image, 80, 60, 40), gradcampp: await overlayPng(image, 80, 60, 30) },
  });
  return {
    image,
    kind: 'words',
    panels,
    meta: {
      title: 'scene-1.png',
      subtitle: 'a red circle <unk> blue square',
      command: 'gradcam caption',
      layers: ['features'],
      backend: 'cpu',
      model: 'models/captioner',
      timeMs: 123.4,
      scoreName: 'log p',
      details: { caption: 'given' },
      notes: ['not in the vocabulary: beside'],
    },
  };
}

/** A VQA report: two answers with question-word chips. */
export async function sampleVqaReport(): Promise<ReportInput> {
  const image = sampleScene();
  const words = ['what', 'color', 'is', 'the', 'circle'];
  const answer = async (label: string, score: number, probability: number, scores: number[], cx: number) => ({
    label,
    score,
    probability,
    maps: { gradcam: await overlayPng(image, cx, 60) },
    questionWords: words.map((word, i) => ({ word, score: scores[i] })),
  });
  return {
    image,
    kind: 'answers',
    panels: [
      await answer('red', 3.2, 0.71, [0.1, 0.8, 0.02, 0.05, 0.6], 45),
      await answer('blue', 1.1, 0.12, [0.05, 0.4, -0.01, 0.02, -0.5], 116),
    ],
    meta: {
      title: 'x.png',
      subtitle: 'what color is the circle',
      command: 'gradcam vqa',
      layers: ['conv2'],
      backend: 'wasm',
      timeMs: 45,
    },
  };
}
