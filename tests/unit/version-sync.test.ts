import { describe, expect, it } from 'vitest';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import type { LearnedModelRow } from '../../models/learned-model.repository.js';
import type { LexiconVersion } from '../../models/lexicon-version.repository.js';
import type { Analyzer } from '../../pipeline/analyzer.js';
import {
  DEFAULT_MODEL_PATH,
  loadSecondStage,
  type SecondStage,
} from '../../pipeline/learned/second-stage.js';
import { LearnedModelService } from '../../services/learning/learned-model.service.js';
import { LexiconAdminService } from '../../services/lexicon-admin/lexicon-admin.service.js';

/** A promise and the function that settles it: lets a test hold a database read until it says. */
function gate<T>() {
  let open!: (v: T) => void;
  const held = new Promise<T>((r) => {
    open = r;
  });
  return { held, open };
}

const quiet = { info: () => {}, warn: () => {} };
const INDUSTRY = 'medical_devices';

/**
 * A poll that read the database before another sync (or a publish) installed a newer version must
 * not put the older one back. Seen in CI: a rescore job installed its run's version, then the 1 s
 * poll that had read before the publish finished and reinstalled the old one, and a new call was
 * scored with it (and would never have been rescored).
 */
describe('lexicon versions followed by polling', () => {
  function admin(reads: Array<() => Promise<Map<string, number>>>, beforeGet?: () => Promise<void>) {
    const registry = LexiconRegistry.fromDirectory(defaultLexiconDir());
    const overlay = registry.ownOverlay(INDUSTRY)!;
    const row = (sequence: number) =>
      ({
        industry: INDUSTRY,
        sequence,
        versionId: `${INDUSTRY}@${sequence}+test`,
        lexicon: overlay,
        scorecard: null,
      }) as unknown as LexiconVersion;
    const versions = {
      currentSequences: () => reads.shift()!(),
      get: async (_industry: string, sequence: number) => {
        await beforeGet?.();
        return row(sequence);
      },
    };
    const analyzer = { lexiconDir: defaultLexiconDir(), installScorecard: () => {} };
    const service = new LexiconAdminService({
      versions,
      registry,
      analyzer,
      log: quiet,
    } as unknown as ConstructorParameters<typeof LexiconAdminService>[0]);
    return { service, registry };
  }
  const at = (sequence: number) => async () => new Map([[INDUSTRY, sequence]]);

  it('a poll whose read is older than what another sync installed meanwhile changes nothing', async () => {
    const stale = gate<Map<string, number>>();
    const { service, registry } = admin([at(1), () => stale.held, at(3)]);
    await service.sync();
    expect(registry.sequence(INDUSTRY)).toBe(1);
    const poll = service.sync(); // reads, and the answer (sequence 2) arrives late
    expect(await service.sync()).toEqual([INDUSTRY]); // a rescore job's sync installs 3
    expect(registry.sequence(INDUSTRY)).toBe(3);
    stale.open(new Map([[INDUSTRY, 2]]));
    expect(await poll).toEqual([]);
    expect(registry.sequence(INDUSTRY)).toBe(3);
  });

  it('a poll that fetched an older version while a newer one was installed does not install it', async () => {
    const slow = gate<void>();
    let hold = false;
    const { service, registry } = admin([at(1), at(2), at(3)], async () => {
      if (hold) await slow.held;
    });
    await service.sync();
    hold = true;
    const poll = service.sync(); // read sequence 2; its row arrives late
    await new Promise((r) => setImmediate(r));
    hold = false;
    await service.sync();
    expect(registry.sequence(INDUSTRY)).toBe(3);
    slow.open();
    expect(await poll).toEqual([]);
    expect(registry.sequence(INDUSTRY)).toBe(3);
  });

  it('still installs each newer version as it is published', async () => {
    const { service, registry } = admin([at(1), at(2), at(2), at(5)]);
    expect(await service.sync()).toEqual([]); // the first sync installs quietly
    expect(await service.sync()).toEqual([INDUSTRY]);
    expect(await service.sync()).toEqual([]);
    expect(await service.sync()).toEqual([INDUSTRY]);
    expect(registry.sequence(INDUSTRY)).toBe(5);
  });
});

describe('second-stage versions followed by polling', () => {
  function learned(reads: Array<() => Promise<string | null>>, shipped: SecondStage) {
    const installed: string[] = [];
    const model = shipped.model;
    const models = {
      currentVersion: () => reads.shift()!(),
      get: async (version: string) => ({ version, model }) as unknown as LearnedModelRow,
    };
    const analyzer = {
      installSecondStage: (s: SecondStage) => installed.push(s === shipped ? 'shipped' : 'rebuilt'),
    } as unknown as Analyzer;
    const service = new LearnedModelService({
      models,
      analyzer,
      shipped,
      log: quiet,
    } as unknown as ConstructorParameters<typeof LearnedModelService>[0]);
    return { service, installed };
  }

  it('a poll that read before another sync installed a version does not undo it', async () => {
    const shipped = loadSecondStage(DEFAULT_MODEL_PATH);
    const stale = gate<string | null>();
    const { service, installed } = learned([() => stale.held, async () => 'second-stage@7+b'], shipped);
    const poll = service.sync();
    expect(await service.sync()).toBe(true);
    expect(service.installedVersion).toBe('second-stage@7+b');
    stale.open('second-stage@6+a');
    expect(await poll).toBe(false);
    expect(service.installedVersion).toBe('second-stage@7+b');
    expect(installed).toEqual(['rebuilt']);
  }, 30_000);

  it('goes back to the shipped model when the database says so', async () => {
    const shipped = loadSecondStage(DEFAULT_MODEL_PATH);
    const { service, installed } = learned(
      [async () => 'second-stage@7+b', async () => null, async () => null],
      shipped,
    );
    expect(await service.sync()).toBe(true);
    expect(await service.sync()).toBe(true);
    expect(await service.sync()).toBe(false);
    expect(service.installedVersion).toBe(shipped.version);
    expect(installed).toEqual(['rebuilt', 'shipped']);
  }, 30_000);
});
