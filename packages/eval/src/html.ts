import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng, overlayHeatmap, renderReport } from '@gradcam/render';
import type { ExampleScene } from './evaluate-subject';
import { escapeHtml, markdownTableRowsToHtml } from './html-table';
import { evalMarkdown } from './markdown';
import type { EvalReport } from './report-types';

async function overlayUri(example: ExampleScene, row: string, k: number): Promise<string> {
  const png = await encodePng(overlayHeatmap(example.image, example.maps[row][k], { colormap: 'jet' }));
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * One page per example scene, in the report format every command writes: a panel per target,
 * every row's map side by side.
 */
async function writeExamplePages(dir: string, model: string, examples: ExampleScene[], report: EvalReport) {
  const pages: string[] = [];
  const m = report.models[model]!;
  for (const ex of examples) {
    const rows = m.rowOrder.filter((r) => ex.maps[r]);
    const panels = await Promise.all(
      ex.labels.map(async (label, k) => ({
        label,
        maps: Object.fromEntries(
          await Promise.all(
            rows.map(
              async (r) =>
                [r, await encodePng(overlayHeatmap(ex.image, ex.maps[r][k], { colormap: 'jet' }))] as const,
            ),
          ),
        ),
      })),
    );
    const name = `${model}-scene-${ex.scene}.html`;
    const html = await renderReport({
      image: ex.image,
      kind: model === 'captioner' ? 'words' : model === 'vqa' ? 'answers' : 'classes',
      panels,
      meta: {
        title: `${model}, evaluation scene ${ex.scene} (seed ${report.settings.seed})`,
        command: report.command,
        methods: rows,
        layers: [m.layer],
        backend: report.backend,
        model: m.description,
        colormap: 'jet',
      },
    });
    await writeFile(join(dir, name), html);
    pages.push(name);
  }
  return pages;
}

/**
 * eval.html: the Markdown report's tables as HTML, then the example scenes as a grid of overlays
 * (a row per target, a column per method and baseline), each linking to its full report page.
 */
export async function writeEvalHtml(
  outDir: string,
  report: EvalReport,
  examples: Partial<Record<string, ExampleScene[]>>,
): Promise<void> {
  const exampleDir = join(outDir, 'examples');
  await mkdir(exampleDir, { recursive: true });
  const body: string[] = [markdownTableRowsToHtml(evalMarkdown(report))];
  for (const [model, list] of Object.entries(examples) as [string, ExampleScene[]][]) {
    if (!list.length || !report.models[model]) continue;
    const pages = await writeExamplePages(exampleDir, model, list, report);
    body.push(`<h2>${escapeHtml(model)}: example maps</h2>`);
    for (const [i, ex] of list.entries()) {
      const rows = report.models[model]!.rowOrder.filter((r) => ex.maps[r]);
      body.push(
        `<h3>scene ${ex.scene} <a href="examples/${escapeHtml(pages[i])}">(report page)</a></h3>`,
        '<table class="maps"><tr><th>target</th>',
        ...rows.map((r) => `<th>${escapeHtml(r)}</th>`),
        '</tr>',
      );
      for (const [k, label] of ex.labels.entries()) {
        const cells = await Promise.all(
          rows.map(
            async (r) =>
              `<td><img src="${await overlayUri(ex, r, k)}" alt="${escapeHtml(`${r}: ${label}`)}"></td>`,
          ),
        );
        body.push(`<tr><th>${escapeHtml(label)}</th>${cells.join('')}</tr>`);
      }
      body.push('</table>');
    }
  }
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>gradcam eval</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; font-variant-numeric: tabular-nums; }
table.maps img { width: 96px; height: 96px; image-rendering: pixelated; display: block; }
code { background: #f3f3f3; padding: 1px 3px; }
</style></head><body>
${body.join('\n')}
</body></html>
`;
  await writeFile(join(outDir, 'eval.html'), page);
}
