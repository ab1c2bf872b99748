import sharp from 'sharp';
import type { ReportPanel } from './types';

/**
 * A PNG no larger than `maxSide` on its longer side, else the same bytes. The page draws images
 * at about 300 CSS pixels, so a 4000-pixel photo's overlays would only make the file huge: with
 * a few methods and a long caption, hundreds of megabytes.
 */
export async function shrinkPng(png: Uint8Array, maxSide: number, what = 'image'): Promise<Uint8Array> {
  if (!Number.isFinite(maxSide)) return png;
  try {
    const { width = 0, height = 0 } = await sharp(png).metadata();
    if (width <= maxSide && height <= maxSide) return png;
    return await sharp(png).resize({ width: maxSide, height: maxSide, fit: 'inside' }).png().toBuffer();
  } catch (error) {
    throw new Error(`${what} is not a readable PNG (${(error as Error).message})`, { cause: error });
  }
}

async function shrinkAll(record: Record<string, Uint8Array> | undefined, maxSide: number, what: string) {
  if (!record) return undefined;
  const entries = await Promise.all(
    Object.entries(record).map(
      async ([method, png]) => [method, await shrinkPng(png, maxSide, `${what}["${method}"]`)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** The panel with each of its images shrunk as `shrinkPng` does; labels, numbers and order kept. */
export async function shrinkPanel(panel: ReportPanel, index: number, maxSide: number): Promise<ReportPanel> {
  const what = `panel ${index} ("${panel.label}")`;
  const [maps, counterfactual, guided, guidedGradCam] = await Promise.all([
    shrinkAll(panel.maps, maxSide, `${what} maps`),
    shrinkAll(panel.counterfactual, maxSide, `${what} counterfactual`),
    panel.guided && shrinkPng(panel.guided, maxSide, `${what} guided`),
    panel.guidedGradCam && shrinkPng(panel.guidedGradCam, maxSide, `${what} guidedGradCam`),
  ]);
  return { ...panel, maps: maps ?? {}, counterfactual, guided, guidedGradCam };
}
