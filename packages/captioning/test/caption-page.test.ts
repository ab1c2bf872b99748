import { describe, expect, it } from 'vitest';
import { captionPage } from '../src';

describe('captionPage', () => {
  const png = (n: number) => new Uint8Array([137, 80, 78, 71, n]);

  it('has one selectable map per entry, images inline, text escaped', () => {
    const html = captionPage({
      title: 'cat.png',
      caption: 'a <unk> circle',
      notes: ['layer: features'],
      image: png(0),
      maps: [
        { label: 'a', detail: 'log p = -1.00', png: png(1) },
        { label: '<unk>', png: png(2) },
        { label: 'circle', png: png(3) },
        { label: 'whole caption', png: png(4) },
      ],
    });
    expect(html.match(/<figure class="map"/g)).toHaveLength(4);
    expect(html.match(/<button type="button" data-map=/g)).toHaveLength(4);
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(5);
    expect(html).toContain(`src="data:image/png;base64,${Buffer.from(png(2)).toString('base64')}"`);
    expect(html).toContain('a &lt;unk&gt; circle');
    expect(html).not.toContain('<unk>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<script>');
  });
});
