import { escapeHtml as esc, jsonForScript } from './escape';
import { galleryHtml } from './gallery';
import { headerHtml } from './header';
import { KIND_TEXT } from './kinds';
import { panelNumbers } from './numbers';
import { panelDetailsHtml } from './panel-details';
import { panelNavHtml } from './panel-nav';
import { REPORT_SCRIPT } from './script';
import { stageHtml } from './stage';
import { REPORT_STYLE } from './style';
import type { ReportView } from './view';

/**
 * Forbids every fetch the page could make but its own inline style and script and `data:`
 * images: a report is one file, and opening it must not touch the network.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/** What the script needs besides the images, which it reads from the gallery. */
function scriptData(view: ReportView) {
  return {
    kind: view.kind,
    methods: view.methods,
    panels: view.panels.map(({ panel, firstMethod }) => ({
      label: panel.label,
      score: panel.score,
      probability: panel.probability,
      logProb: panel.logProb,
      numbers: panelNumbers(panel, view.scoreName),
      firstMethod,
      notes: panel.notes,
      questionWords: panel.questionWords,
      metrics: panel.metrics,
    })),
  };
}

export function pageHtml(view: ReportView): string {
  // A caption reads as a sentence above the image; answers and classes as a list beside it.
  const choices = `<section class="choices" aria-label="${esc(KIND_TEXT[view.kind].heading)}">
${panelNavHtml(view)}
</section>`;
  const title = view.meta.command ? `${view.meta.title} - ${view.meta.command}` : view.meta.title;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="generator" content="gradcam-ts">
<title>${esc(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${headerHtml(view)}
<main>
${view.kind === 'words' ? choices : ''}
<div class="workspace">
${stageHtml(view)}
<div class="side">
${view.kind === 'words' ? '' : choices}
${panelDetailsHtml(view)}
</div>
</div>
${galleryHtml(view)}
</main>
<script type="application/json" id="gradcam-data">${jsonForScript(scriptData(view))}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
