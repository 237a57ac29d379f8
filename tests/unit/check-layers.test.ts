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
    ['web/src/lib/api.ts', "import type { User } from '../../../models/schema.js';", 'models/schema.js'],
    [
      'web/src/pages/lexicons.page.tsx',
      "import type { WhatIfTally } from '../../../pipeline/what-if.core.js';",
      'pipeline/what-if.core.js',
    ],
    [
      'web/src/lib/retention.ts',
      "export * from '../../../services/privacy/retention-policy.js';",
      'services/privacy/retention-policy.js',
    ],
    ['shared/labels-zh.ts', "import { LABELS } from '../pipeline/nlp/types.js';", 'pipeline/nlp/types.js'],
    ['shared/labels-zh.ts', "import type { Role } from '../models/schema.js';", 'models/schema.js'],
    ['api/web-static.ts', "import '../web/src/main.tsx';", 'web/src/main.tsx'],
    ['models/db.ts', "import { x } from '../../elsewhere/x.js';", '../elsewhere/x.js'],
  ])('%s: %s is reported', (file, line, target) => {
    expect(check({ [file]: line })).toEqual([`${file}:1 → ${target}`]);
  });

  it('lets every layer, tool and web/ import shared/, and shared/ import itself', () => {
    expect(
      check({
        'models/schema.ts': "import { ROLES } from '../shared/vocabulary.js';",
        'lexicons/scorecard.schema.ts': "import { DIMENSIONS } from '../shared/vocabulary.js';",
        'pipeline/report/labels-zh.ts': "export { LABEL_ZH } from '../../shared/labels-zh.js';",
        'api/openapi.ts': "import { LABELS } from '../shared/vocabulary.js';",
        'bin/commands/privacy.command.ts': "import { RETENTION_KIND_ZH } from '../../shared/labels-zh.js';",
        'shared/labels-zh.ts': "import type { Label } from './vocabulary.js';",
        'web/src/lib/labels.ts': "export { LABEL_ZH } from '../../../shared/labels-zh';",
        'web/src/lib/api-shapes.ts': "import type { components } from '../../../shared/api-types.gen';",
      }),
    ).toEqual([]);
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
