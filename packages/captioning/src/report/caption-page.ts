/** One selectable map of the page. */
export interface CaptionPageMap {
  /** What the button says: the word, or "whole caption". */
  label: string;
  /** Shown next to it, e.g. `log p = -1.23`. */
  detail?: string;
  /** The overlay, PNG-encoded. */
  png: Uint8Array;
}

export interface CaptionPageContent {
  title: string;
  caption: string;
  /** Lines under the caption: model, layer, method. */
  notes?: string[];
  /** The image itself, PNG-encoded, shown first. */
  image: Uint8Array;
  /** The words' maps in caption order, then usually the whole caption's. */
  maps: CaptionPageMap[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dataUri = (png: Uint8Array) =>
  `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;

/**
 * A self-contained HTML page (images inline as base64 PNGs, a few lines of script, no network),
 * that works from file://: the caption's words are buttons, and choosing one shows its map.
 */
export function captionPage(content: CaptionPageContent): string {
  const buttons = content.maps
    .map(
      (m, i) =>
        `<button type="button" data-map="${i}" title="${escapeHtml(m.detail ?? '')}">${escapeHtml(m.label)}</button>`,
    )
    .join('\n    ');
  const images = content.maps
    .map(
      (m, i) =>
        `<figure class="map" data-map="${i}" hidden><img alt="map of ${escapeHtml(m.label)}" src="${dataUri(m.png)}"><figcaption>${escapeHtml(m.label)}${m.detail ? ` (${escapeHtml(m.detail)})` : ''}</figcaption></figure>`,
    )
    .join('\n  ');
  const notes = (content.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n  ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(content.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
  .caption { font-size: 1.4rem; margin: 0.5rem 0; }
  .note { color: #666; margin: 0.2rem 0; font-size: 0.9rem; }
  nav { margin: 1rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
  button { font-size: 1.05rem; padding: 0.3rem 0.7rem; border: 1px solid #999; border-radius: 4px; background: #f6f6f6; cursor: pointer; }
  button[aria-pressed="true"] { background: #ffd24d; border-color: #b38f00; }
  .images { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
  figure { margin: 0; }
  img { max-width: 480px; image-rendering: auto; border: 1px solid #ccc; }
  figcaption { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
  <h1>${escapeHtml(content.title)}</h1>
  <p class="caption">${escapeHtml(content.caption)}</p>
  ${notes}
  <nav>
    ${buttons}
  </nav>
  <div class="images">
  <figure><img alt="image" src="${dataUri(content.image)}"><figcaption>image</figcaption></figure>
  ${images}
  </div>
<script>
  // Choosing a word shows its map and hides the others.
  const buttons = document.querySelectorAll('button[data-map]');
  const maps = document.querySelectorAll('figure.map');
  function show(i) {
    maps.forEach((m) => { m.hidden = m.dataset.map !== String(i); });
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.map === String(i))));
  }
  buttons.forEach((b) => b.addEventListener('click', () => show(b.dataset.map)));
  show(0);
</script>
</body>
</html>
`;
}
