import { existsSync } from 'node:fs';
import type { OcrImage } from '../../src';

/** Fonts the rendered lines use; the system-deps script installs them (fonts-dejavu-core, fonts-liberation). */
export const FONTS = {
  'DejaVu Sans Mono': '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  'DejaVu Sans': '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  'Liberation Serif': '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
  'Liberation Mono': '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
} as const;
export type FontName = keyof typeof FONTS;

export function missingFonts(): string[] {
  return Object.entries(FONTS)
    .filter(([, file]) => !existsSync(file))
    .map(([name, file]) => `${name} (${file})`);
}

export interface RenderedLine {
  image: OcrImage;
  text: string;
  /** Each character's cell, [x0, x1) in line pixels: the glyph is drawn centred in it. */
  cells: [number, number][];
}

const escapeXml = (c: string) =>
  c.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A line of dark text on white, one `<text>` per character centred in a cell of known width, so
 * that the test knows where every glyph is whatever the font's own advances.
 */
export async function renderLine(
  text: string,
  font: FontName,
  size: number,
  pitch = 0.72,
): Promise<RenderedLine> {
  const sharp = (await import('sharp')).default;
  const cell = Math.round(size * pitch);
  const margin = Math.round(size * 0.5);
  const width = margin * 2 + cell * text.length;
  const height = Math.round(size * 1.5);
  const baseline = Math.round(size * 1.08);
  const cells: [number, number][] = [];
  const glyphs = [...text].map((c, i) => {
    const x0 = margin + i * cell;
    cells.push([x0, x0 + cell]);
    return `<text x="${x0 + cell / 2}" y="${baseline}" text-anchor="middle">${escapeXml(c)}</text>`;
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<g font-family="${font}" font-size="${size}" fill="#111">${glyphs.join('')}</g></svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 },
    text,
    cells,
  };
}

export interface PageLineSpec {
  text: string;
  font: FontName;
  size: number;
  /** Top-left of the line's first cell. */
  x: number;
  y: number;
  /** Drawn upside down (turned 180 degrees about the line's centre); cells stay in reading order. */
  turned?: boolean;
}

/** A white page with lines drawn as renderLine draws them, each character's cell in page pixels. */
export async function renderPage(
  width: number,
  height: number,
  lines: PageLineSpec[],
  pitch = 0.72,
): Promise<{
  image: OcrImage;
  lines: { text: string; cells: [number, number][]; top: number; bottom: number }[];
}> {
  const sharp = (await import('sharp')).default;
  const drawn = lines.map(({ text, font, size, x, y, turned }) => {
    const cell = Math.round(size * pitch);
    const baseline = y + Math.round(size * 0.83);
    const cells: [number, number][] = [];
    const glyphs = [...text].map((c, i) => {
      cells.push([x + i * cell, x + (i + 1) * cell]);
      return `<text x="${x + i * cell + cell / 2}" y="${baseline}" text-anchor="middle">${escapeXml(c)}</text>`;
    });
    const n = [...text].length;
    // Turned about the centre of the line's cells, cell i lands where cell n-1-i was.
    const centre = [x + (n * cell) / 2, y + size / 2];
    const turn = turned ? ` transform="rotate(180 ${centre[0]} ${centre[1]})"` : '';
    if (turned) cells.reverse();
    return {
      svg: `<g font-family="${font}" font-size="${size}" fill="#111"${turn}>${glyphs.join('')}</g>`,
      line: { text, cells, top: y, bottom: y + size },
    };
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="white"/>${drawn.map((d) => d.svg).join('')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    image: { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 },
    lines: drawn.map((d) => d.line),
  };
}
