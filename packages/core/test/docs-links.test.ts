import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/** Relative link targets of a markdown file, anchors dropped. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1].split('#')[0])
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

describe('the docs stay inside the repository and point at what is there', () => {
  it.each(DOCS)('%s links only to files in the repository that exist', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const target of relativeLinks(text)) {
      const path = resolve(ROOT, dirname(doc), target);
      expect(relative(ROOT, path).startsWith('..'), `${doc} links outside the repository: ${target}`).toBe(
        false,
      );
      expect(existsSync(path), `${doc} links to a missing ${target}`).toBe(true);
    }
  });

  it('the README links the architecture document', () => {
    expect(relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'))).toContain('docs/architecture.md');
  });

  it('every repository path the architecture document names exists', () => {
    const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const paths = [...text.matchAll(/`((?:packages|apps|scripts|docs)\/[^`\s]+)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths)
      expect(existsSync(join(ROOT, path)), `docs/architecture.md names ${path}`).toBe(true);
  });
});
