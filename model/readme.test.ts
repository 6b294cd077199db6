// The READMEs' tables of files and exports (model/README.md,
// model/memory/README.md) against the code: every file a row names exists,
// and every name its "exports" column lists is exported by one of the
// row's files. A README that drifts from the code misleads its reader first.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODEL = dirname(fileURLToPath(import.meta.url));

interface Row {
  readonly files: readonly string[];
  readonly exports: readonly string[];
}

/** The rows of a README's table whose header has an `exports` column. */
function rows(readme: string): Row[] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const head = lines.findIndex((l) => l.startsWith('|') && /\|\s*exports\s*\|/.test(l));
  if (head < 0) return [];
  const cols = lines[head]!.split('|').map((c) => c.trim());
  const fileCol = cols.findIndex((c) => c === 'file');
  const exportCol = cols.indexOf('exports');
  const out: Row[] = [];
  for (const l of lines.slice(head + 2)) {
    if (!l.startsWith('|')) break;
    const cells = l.split('|').map((c) => c.trim());
    const ticks = (c: string): string[] => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const files = ticks(cells[fileCol]!).filter((f) => !f.includes('*'));
    if (files.length === 0) continue;
    out.push({ files, exports: ticks(cells[exportCol]!) });
  }
  return out;
}

const exported = (src: string, name: string): boolean =>
  new RegExp(`export\\s+(?:async\\s+)?(?:function|const|let|class|interface|type|enum)\\s+${name}\\b`).test(src)
  || new RegExp(`export\\s+(?:type\\s+)?\\{[^}]*\\b${name}\\b[^}]*\\}`).test(src);

describe('the READMEs name files and exports that exist', () => {
  for (const readme of [join(MODEL, 'README.md'), join(MODEL, 'memory', 'README.md')]) {
    const dir = dirname(readme);
    const table = rows(readme);
    it(`${readme.slice(MODEL.length + 1)} has a table of files and exports`, () => {
      expect(table.length).toBeGreaterThan(0);
    });
    for (const r of table) {
      it(`${readme.slice(MODEL.length + 1)}: ${r.files.join(', ')}`, () => {
        const missing = r.files.filter((f) => !existsSync(join(dir, f)));
        expect(missing, 'files the README names that do not exist').toEqual([]);
        const src = r.files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
        expect(r.exports.filter((n) => !exported(src, n)), 'names the README lists that these files do not export').toEqual([]);
      });
    }
  }
});
