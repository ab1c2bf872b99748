import type { Page } from 'playwright-core';

/** The RGB pixels the page drew on a canvas, row-major. */
export async function canvasRgb(
  page: Page,
  selector: string,
): Promise<{ width: number; height: number; data: number[] }> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const rgba = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const data: number[] = [];
    for (let p = 0; p < rgba.length; p += 4) data.push(rgba[p], rgba[p + 1], rgba[p + 2]);
    return { width: c.width, height: c.height, data };
  });
}
