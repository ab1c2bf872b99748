/** The page's styles, inline: a file opened from disk may load nothing else. */
export const REPORT_STYLE = `
:root { --accent: #ffd24d; --accent-edge: #b38f00; --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem 2rem; color: var(--ink); background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 0.2rem; word-break: break-all; }
h2 { font-size: 1.1rem; margin: 0.8rem 0 0.3rem; }
h3 { font-size: 1.05rem; margin: 0.2rem 0; }
h4 { font-size: 0.95rem; margin: 0.6rem 0 0.2rem; color: var(--muted); font-weight: 600; }
.subtitle { font-size: 1.3rem; margin: 0.2rem 0 0.4rem; }
.meta { display: flex; flex-wrap: wrap; gap: 0.2rem 1.4rem; margin: 0.4rem 0; color: var(--muted); font-size: 0.9rem; }
.meta div { display: flex; gap: 0.35rem; }
.meta dt { font-weight: 600; }
.meta dt::after { content: ':'; }
.meta dd { margin: 0; color: var(--ink); }
p.banner { background: #fff3cd; border: 2px solid #a14a00; color: #5a2a00; padding: 0.5rem 0.8rem; margin: 0 0 0.6rem; font-weight: 600; }
p.banner { background: #fff3cd; border: 2px solid #a14a00; color: #5a2a00; padding: 0.5rem 0.8rem; margin: 0 0 0.6rem; font-weight: 600; }
.notes { color: #a14a00; margin: 0.3rem 0; padding-left: 1.2rem; }
main, .report-main { display: flex; flex-direction: column; gap: 0.6rem; }
.contents ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.contents a { margin-right: 0.8rem; }
.summary-table { margin: 0.6rem 0; }
.summary-table caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
.summary-table th, .summary-table td { text-align: left; padding: 0.15rem 0.9rem 0.15rem 0; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
.group > h2 { font-size: 1.35rem; margin-top: 1.6rem; border-bottom: 2px solid var(--ink); }
.report-section { border-top: 1px solid var(--line); padding-top: 0.6rem; margin-top: 0.8rem; }
.report-section h3 { font-size: 1.2rem; }
.workspace { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; align-items: flex-start; }
.stage { flex: 0 1 auto; }
.side { flex: 1 1 300px; min-width: 280px; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.2rem; }
img.view { width: min(300px, 80vw); height: auto; display: block; border: 1px solid var(--line); }
img.pixelated { image-rendering: pixelated; }
.colorbar { margin-top: 0.8rem; }
.colorbar .bar { display: flex; align-items: center; gap: 0.4rem; }
.colorbar img { width: 256px; height: 14px; border: 1px solid var(--line); }
.colorbar .end { font-variant-numeric: tabular-nums; font-weight: 600; }
.methods { margin-top: 0.8rem; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; color: var(--muted); }
.hint { color: var(--muted); font-size: 0.88rem; margin: 0.1rem 0 0.5rem; }
.panels { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.panels.answers, .panels.classes { flex-direction: column; align-items: stretch; max-width: 28rem; }
button { font: inherit; color: inherit; cursor: pointer; border: 1px solid #9aa0a6; border-radius: 6px; background: #f8f9fa; padding: 0.3rem 0.7rem; }
button:hover { background: #eef3fd; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent-edge); font-weight: 600; }
.panels.words button { font-size: 1.2rem; }
.panels.answers button, .panels.classes button { display: flex; justify-content: space-between; gap: 1rem; text-align: left; }
.panel-button .numbers { color: var(--muted); font-weight: 400; font-variant-numeric: tabular-nums; }
.status { min-height: 1.4em; color: var(--muted); font-size: 0.9rem; }
.detail .numbers { font-variant-numeric: tabular-nums; margin: 0.2rem 0; }
.panel-notes { margin: 0.2rem 0; padding-left: 1.2rem; color: var(--muted); }
.chips { font-size: 1.15rem; margin: 0.2rem 0; }
.chip { display: inline-block; padding: 0.05rem 0.35rem; border-radius: 4px; border: 1px solid var(--line); }
.chip.for { background: rgba(214, 39, 40, 0.6); }
.chip.against { background: rgba(31, 119, 180, 0.6); }
.legend { color: var(--muted); font-size: 0.85rem; }
.legend .chip { font-size: 0.8rem; }
table { border-collapse: collapse; }
.metrics { margin: 0.4rem 0; }
.metrics caption { text-align: left; color: var(--muted); font-size: 0.88rem; }
.metrics th, .metrics td { text-align: left; padding: 0.15rem 0.8rem 0.15rem 0; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
.guided-figures { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: 0.4rem; }
img.guided { width: 160px; height: auto; border: 1px solid var(--line); }
.gallery { flex: 1 1 100%; }
.gallery table { font-size: 0.9rem; }
.gallery th, .gallery td { padding: 0.25rem 0.4rem; text-align: center; vertical-align: middle; }
.gallery tbody th { text-align: right; font-weight: 500; }
.gallery .selected { background: #fff4c7; }
.strip { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.strip figure { padding: 0.3rem; border-radius: 6px; text-align: center; }
.strip figcaption { max-width: 112px; overflow-wrap: anywhere; }
.gallery td.none { color: var(--muted); }
img.thumb { width: 112px; height: auto; display: block; border: 1px solid var(--line); cursor: pointer; }
img.thumb:hover { outline: 2px solid #1a73e8; }
`;
