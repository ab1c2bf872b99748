import { basename } from 'node:path';
import type { Explanation, TargetMap } from '@gradcam/core';
import type { ReportInput, ReportPanel, RgbImage } from '@gradcam/render';
import type { ClassTruth } from '../explain/annotations';
import type { ClassScore } from '../explain/class-scores';
import { gradeMetrics } from '../shapeworld/ground-truth';
import { pageBanner } from './degenerate-maps';
import { guidedPng, overlayPng } from './images';

export interface ClassesPageData {
  file: string;
  image: RgbImage;
  /** The explained classes, in the order of the explanation's targets. */
  explained: ClassScore[];
  /** The maps as asked for (counterfactual with --counterfactual). */
  explanation: Explanation;
  /** With --counterfactual: the plain maps of the same classes, shown beside the counterfactual ones. */
  plain?: Explanation;
  /** Plain maps of more methods, compared side by side on the page. */
  compared?: Explanation[];
  model: string;
  scoresLogits: boolean;
  colormap: string;
  preset: string;
  targets: string;
  /** Class names by index, when known; else panels say `class <n>`. */
  classNames?: readonly string[];
  /** Ground truth per map of `explanation.maps`, when the image is a generated scene. */
  truths?: (ClassTruth | undefined)[];
  /** Per map of `explanation.maps`: why it carries no location, when so (see degenerateMaps). */
  degenerate?: (string | undefined)[];
  /** Why the whole page may mean nothing (the page banner). */
  notice?: string;
  /** The most maps the page draws (best first); the others are only named, as files. */
  pageMaps?: number;
  /** How many maps the image has, when `explanation` holds only the page's first ones (default: its maps). */
  totalMaps?: number;
  /** Where the maps left off the page are listed, e.g. `<name>.json`. */
  mapsFile?: string;
}

/** The metrics table of a class on a scene with known objects. */
function truthMetrics(truth: ClassTruth | undefined): ReportPanel['metrics'] {
  if (!truth) return undefined;
  if (!truth.grade) return { 'in the scene': truth.present };
  return { 'in the scene': truth.present, ...gradeMetrics(truth.grade) };
}

async function panel(data: ClassesPageData, entry: TargetMap, k: number): Promise<ReportPanel> {
  const { explanation, plain, image, colormap } = data;
  const score = data.explained[entry.target];
  const overlay = await overlayPng(image, entry.map, colormap);
  const method = explanation.method;
  const plainEntry = plain?.maps.find((m) => m.target === entry.target);
  const maps: Record<string, Uint8Array> = explanation.counterfactual
    ? plainEntry
      ? { [method]: await overlayPng(image, plainEntry.map, colormap) }
      : { [`${method} (counterfactual)`]: overlay }
    : { [method]: overlay };
  for (const other of data.compared ?? []) {
    const same = other.maps.find((m) => m.target === entry.target);
    if (same) maps[other.method] = await overlayPng(image, same.map, colormap);
  }
  return {
    label: data.classNames?.[score.class] ?? `class ${score.class}`,
    score: score.score,
    probability: score.probability,
    maps,
    ...(data.degenerate?.[k] ? { notes: [data.degenerate[k] as string] } : {}),
    counterfactual: explanation.counterfactual && plainEntry ? { [method]: overlay } : undefined,
    guided: entry.guided && (await guidedPng(entry.guided)),
    guidedGradCam: entry.guidedGradCam && (await guidedPng(entry.guidedGradCam)),
    metrics: mergeMetrics(truthMetrics(data.truths?.[k]), verificationMetrics(entry)),
  };
}

/** With --verify: the map's gradient check, as a panel metric. */
function verificationMetrics(entry: TargetMap): ReportPanel['metrics'] {
  const v = entry.verification;
  return (
    v && {
      'gradient check (max rel. error)': v.maxRelError.toExponential(2),
      'gradient check passed': v.passed,
    }
  );
}

function mergeMetrics(...parts: ReportPanel['metrics'][]): ReportPanel['metrics'] {
  const merged = Object.assign({}, ...parts.filter(Boolean));
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function verificationDetails(explanation: Explanation): Record<string, string> {
  const v = explanation.verification;
  if (!v) return {};
  const verdict = v.passed ? 'passed' : 'FAILED';
  return {
    'gradient check': `${verdict}: max relative error ${v.maxRelError.toExponential(2)} at ${v.layer} (threshold ${v.threshold}; ${v.checks} directions, ${v.headEvaluations} head evaluations, ${v.timeMs.toFixed(0)} ms)`,
  };
}

/** The page of `gradcam explain` for one image: its explained classes as panels, best first. */
export async function classesPage(data: ClassesPageData): Promise<ReportInput> {
  const panels: ReportPanel[] = [];
  const { explanation, image } = data;
  const shown = explanation.maps.slice(0, data.pageMaps ?? explanation.maps.length);
  for (const [k, entry] of shown.entries()) panels.push(await panel(data, entry, k));
  const total = data.totalMaps ?? explanation.maps.length;
  const left = total - shown.length;
  const leftNote =
    left > 0
      ? [
          `this page shows the first ${shown.length} of ${total} maps; the other ${left} are written as files only${data.mapsFile ? ` (listed in ${data.mapsFile})` : ''}; --page-maps sets how many the page shows`,
        ]
      : [];
  return {
    image,
    kind: 'classes',
    panels,
    meta: {
      title: basename(data.file),
      command: 'gradcam explain',
      layers: explanation.layers,
      backend: explanation.backend,
      model: data.model,
      timeMs: [explanation, data.plain, ...(data.compared ?? [])].reduce((t, e) => t + (e?.timeMs ?? 0), 0),
      colormap: data.colormap,
      scoreName: data.scoresLogits ? 'logit' : 'score',
      details: {
        image: `${data.file} (${image.width}x${image.height})`,
        preset: data.preset,
        explained: data.targets,
        ...verificationDetails(explanation),
      },
      notes: [
        ...leftNote,
        ...(explanation.counterfactual
          ? ['counterfactual maps (beside each plain map): the regions that speak against the class']
          : []),
      ],
      banner: pageBanner(data.notice, data.degenerate),
    },
  };
}
