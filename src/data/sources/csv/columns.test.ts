import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COLUMNS, TABLES } from './columns.ts';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/data-formats.md', import.meta.url)), 'utf8');

test('docs/data-formats.md documents every column of every table exactly as the importer reads it', () => {
  for (const t of TABLES) {
    const section = doc.split(`### \`${t}\``)[1]?.split('\n\n')[1] ?? '';
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const expected = COLUMNS[t].map(
      (c) => `| \`${c.name}\` | ${c.type} | ${c.required ? 'required' : 'optional'} | ${c.nullable ? 'allowed' : 'not allowed'} | ${c.doc} |`,
    );
    assert.deepEqual(rows, expected, `table ${t}`);
  }
});
