import { describe, expect, it } from 'vitest';
import { findLayerViolations, importSpecifiers } from '../../scripts/check-layers.js';

const check = (files: Record<string, string>) =>
  findLayerViolations(new Map(Object.entries(files))).map((v) => `${v.file}:${v.line} → ${v.target}`);

describe('layer direction check', () => {
  it('reports a deliberately upward import, and nothing for imports downward or within a layer', () => {
    expect(
      check({
        'pipeline/stages/analyze/analyze.worker.ts': [
          "import { present } from '../../../api/routes/calls.routes.js';",
          "import { AppError } from '../../../models/errors.js';",
          "import { segment } from '../../nlp/segment.js';",
          "import { compileLexicon } from '../../../lexicons/compile.js';",
        ].join('\n'),
        'api/app.ts': "import { importFolder } from '../services/import/import-folder.service.js';",
        'bin/tingjian.ts': "import { createApp } from '../api/app.js';",
      }),
    ).toEqual(['pipeline/stages/analyze/analyze.worker.ts:1 → api/routes/calls.routes.js']);
  });

  it.each([
    [
      'models/call.repository.ts',
      "import type { Lexicon } from '../lexicons/lexicon.schema.js';",
      'lexicons/lexicon.schema.js',
    ],
    ['services/import/a.service.ts', "import { createApp } from '../../api/app.js';", 'api/app.js'],
    [
      'pipeline/queue.ts',
      "export { seedTeam } from '../tests/helpers/seed-team.js';",
      'tests/helpers/seed-team.js',
    ],
    ['lexicons/load.ts', "const m = await import('../pipeline/analyzer.js');", 'pipeline/analyzer.js'],
    [
      'web/src/lib/labels.ts',
      "import { LABELS_ZH } from '../../../pipeline/report/labels-zh.js';",
      'pipeline/report/labels-zh.js',
    ],
    ['api/web-static.ts', "import '../web/src/main.tsx';", 'web/src/main.tsx'],
    ['models/db.ts', "import { x } from '../../elsewhere/x.js';", '../elsewhere/x.js'],
  ])('%s: %s is reported', (file, line, target) => {
    expect(check({ [file]: line })).toEqual([`${file}:1 → ${target}`]);
  });

  it('lets tools import every layer and web/, and web/ import web/ and shared/', () => {
    expect(
      check({
        'tests/web/x.test.ts': "import { labels } from '../../web/src/lib/labels.js';",
        'bench/api-load.bench.ts': "import { buildService } from '../bin/service.js';",
        'scripts/train.ts': "import { Analyzer } from '../pipeline/analyzer.js';",
        'web/src/pages/a.page.tsx':
          "import { api } from '../lib/api';\nimport type { TCallView } from '../../../shared/api-types';",
      }),
    ).toEqual([]);
  });

  it('reads multi-line and type-only imports, skips packages and commented-out imports', () => {
    const source = [
      '/** Example: import { x } from "../api/app.js" */',
      "import express from 'express';",
      'import {',
      '  type Call,',
      '  CallRepository,',
      "} from '../models/call.repository.js';",
      "// import { y } from '../api/y.js';",
      "export * from './local.js';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      { specifier: '../models/call.repository.js', line: 6 },
      { specifier: './local.js', line: 8 },
    ]);
  });
});
