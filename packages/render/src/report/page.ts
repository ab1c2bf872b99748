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

/** The JSON block's id, after the section's prefix: the script finds the sections by it. */
const DATA_ID = 'gradcam-data';

/** What the script needs besides the images, which it reads from the gallery. */
function scriptData(view: ReportView) {
  return {
    title: view.meta.title,
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

/** The report's own part: its header, words or answers or classes, image and maps, gallery. */
export function reportBodyHtml(view: ReportView, headingLevel: 1 | 3 = 1): string {
  // A caption reads as a sentence above the image; answers and classes as a list beside it.
  const choices = `<section class="choices" aria-label="${esc(KIND_TEXT[view.kind].heading)}">
${panelNavHtml(view)}
</section>`;
  // A page has one <main>: a section of a page of several is a plain block.
  const [open, close] = headingLevel === 1 ? ['<main>', '</main>'] : ['<div class="report-main">', '</div>'];
  return `${headerHtml(view, headingLevel)}
${open}
${view.kind === 'words' ? choices : ''}
<div class="workspace">
${stageHtml(view)}
<div class="side">
${view.kind === 'words' ? '' : choices}
${panelDetailsHtml(view)}
</div>
</div>
${galleryHtml(view)}
${close}
<script type="application/json" id="${view.id(DATA_ID)}">${jsonForScript(scriptData(view))}</script>`;
}

/** The document around one report or several sections of them. */
export function documentHtml(title: string, body: string): string {
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
${body}
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

export function pageHtml(view: ReportView): string {
  const title = view.meta.command ? `${view.meta.title} - ${view.meta.command}` : view.meta.title;
  return documentHtml(title, reportBodyHtml(view));
}
