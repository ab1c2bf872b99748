import { pngDataUri } from './data-uri';
import type { PanelKind, QuestionWord, ReportInput, ReportMeta, ReportPanel } from './types';

/** A panel with its images as data URIs, ready to print. */
export interface PanelView {
  index: number;
  panel: ReportPanel;
  maps: Record<string, string>;
  counterfactual: Record<string, string>;
  guided?: string;
  guidedGradCam?: string;
  /** The method first shown for it: the page's first method when it has it, else its own first. */
  firstMethod: string;
}

/** Everything the page's sections print, derived once from the input. */
export interface ReportView {
  meta: ReportMeta;
  kind: PanelKind;
  methods: string[];
  panels: PanelView[];
  hasCounterfactual: boolean;
  imageUri: string;
  /** Small images (a test scene, a 32x32 input) are enlarged with visible pixels, not blurred. */
  smallImage: boolean;
  colorBarUri: string;
  colormap: string;
  scoreName: string;
  /** The largest |score| of any question word, so that chips of all answers share one scale. */
  questionScale: number;
  /** Prefix of the element ids: empty on a page of one report, `s<k>-` for section k of several. */
  prefix: string;
  /** An element's id on the page, prefixed. */
  id(name: string): string;
}

/** Narrower images than this are shown enlarged, pixelated. */
const SMALL = 160;

const uris = (record: Record<string, Uint8Array> | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).map(([method, png]) => [method, pngDataUri(png)]));

/** Methods in the order given, then any others the panels use, first seen first. */
function methodOrder(meta: ReportMeta, panels: readonly ReportPanel[]): string[] {
  const seen = new Set(meta.methods ?? []);
  for (const p of panels)
    for (const m of [...Object.keys(p.maps), ...Object.keys(p.counterfactual ?? {})]) seen.add(m);
  return [...seen];
}

function questionScale(panels: readonly ReportPanel[]): number {
  const words: QuestionWord[] = panels.flatMap((p) => p.questionWords ?? []);
  return Math.max(0, ...words.map((w) => Math.abs(w.score)).filter(Number.isFinite));
}

export function reportView(
  input: ReportInput,
  imagePng: Uint8Array,
  colorBarPng: Uint8Array,
  prefix = '',
): ReportView {
  const methods = methodOrder(input.meta, input.panels);
  const panels = input.panels.map((panel, index) => {
    const own = Object.keys(panel.maps);
    return {
      index,
      panel,
      maps: uris(panel.maps),
      counterfactual: uris(panel.counterfactual),
      guided: panel.guided && pngDataUri(panel.guided),
      guidedGradCam: panel.guidedGradCam && pngDataUri(panel.guidedGradCam),
      firstMethod: own.includes(methods[0]) ? methods[0] : own[0],
    };
  });
  return {
    meta: input.meta,
    kind: input.kind ?? 'classes',
    methods,
    panels,
    hasCounterfactual: panels.some((p) => Object.keys(p.counterfactual).length > 0),
    imageUri: pngDataUri(imagePng),
    smallImage: input.image.width < SMALL,
    colorBarUri: pngDataUri(colorBarPng),
    colormap: input.meta.colormap ?? 'jet',
    scoreName: input.meta.scoreName ?? 'score',
    questionScale: questionScale(input.panels),
    prefix,
    id: (name) => `${prefix}${name}`,
  };
}
