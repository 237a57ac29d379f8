import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A test's first analysis loads jieba and 21 lexicons: 30 s ran out at load ≈ 22 (no test
    // asserts a duration through this; speed is measured in bench/).
    testTimeout: 60_000,
    // A suite's setup opens PGlite and migrates, or starts a service: 60 s ran out at load ≈ 24.
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default is one fork less than the cores: a single fork on a 2-core CI machine,
    // where most files wait on PostgreSQL, Redis, a browser or a child process. Two forks there
    // took the suite from 2,252 s to 1,187 s at the same load (docs/measurements.md, CI time).
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
