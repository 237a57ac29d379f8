import { useMemo } from 'react';
import type { CallView, Dimension, Finding, ScoreItem } from '../lib/api';
import { explainDimension, explainItem } from '../lib/explain';
import { DIMENSION_ZH, DIMENSIONS, labelName } from '../lib/labels';
import { type SentencePlace, sentenceNameIn, sentencePlaces } from '../lib/sentence';
import { Button } from './ui/button';
import { Card } from './ui/card';
import { List, ListRow } from './ui/list';

const dimText = (v: number | null | undefined) => (v === null ? '不适用' : (v ?? '—'));

/** The five dimension scores as one compact strip (the first thing a rep sees on a phone). */
export function DimensionStrip({ dimensions }: { dimensions: Partial<Record<Dimension, number | null>> }) {
  return (
    <div className="tj-dims" data-testid="dimension-scores">
      {DIMENSIONS.map((d) => (
        <a key={d} className="tj-dim" href={`#dim-${d}`}>
          <span className="tj-dim-name">{DIMENSION_ZH[d]}</span>{' '}
          <b className="tj-dim-score">{dimText(dimensions[d])}</b>
        </a>
      ))}
    </div>
  );
}

/**
 * A cited finding as a reader finds it: 第4句（00:22） 隐性需求 when the transcript is at hand,
 * else the label alone (the id stays on hover either way).
 */
export function evidenceName(f: Finding, places: ReadonlyMap<string, SentencePlace> | null): string {
  if (!places) return labelName(f.label);
  return `${sentenceNameIn(places, f.utteranceId)} ${labelName(f.label)}`;
}

/** One score item with its 为什么: what was counted, the formula, the target and its source. */
function ItemRow({
  s,
  findingById,
  canAppeal,
  onAppeal,
  onJump,
  places,
}: {
  s: ScoreItem;
  findingById: ReadonlyMap<string, Finding>;
  places: ReadonlyMap<string, SentencePlace> | null;
  canAppeal: boolean;
  onAppeal: (s: ScoreItem) => void;
  onJump: (utteranceId: string) => void;
}) {
  const why = explainItem(s);
  return (
    <ListRow
      actions={
        canAppeal ? (
          <Button
            size="small"
            variant="link"
            onClick={() => onAppeal(s)}
            data-testid="appeal-item"
            aria-label={`申诉评分项：${s.label}`}
          >
            申诉
          </Button>
        ) : null
      }
    >
      <div style={{ width: '100%' }} data-testid="score-item">
        <div className="tj-item-head">
          <b>{s.label}</b>
          <span>{s.score === null ? '不适用' : `${s.score} 分`}</span>
          <span className="tj-meta">
            目标 {why.target} · 权重 {s.weight}
          </span>
        </div>
        <div className="tj-why" data-testid="item-why">
          <div>为什么：{why.counted}。</div>
          <div>{why.formula}。</div>
          {/* The scorecard's own wording only where no reviewed translation exists yet. */}
          <div className="tj-meta" title={why.source.endsWith('（说明待翻译）') ? s.source : undefined}>
            目标依据：{why.source}
          </div>
        </div>
        {s.findingIds.length > 0 && (
          <div>
            证据：
            {/* Plain buttons in the link look: an item can cite dozens of turns, and an antd
                Typography per citation (theme tokens, ellipsis measuring) cost a long call's page
                more than its whole transcript. */}
            {s.findingIds.map((fid) => {
              const f = findingById.get(fid);
              return f ? (
                <button
                  type="button"
                  key={fid}
                  className="tj-textlink"
                  onClick={() => onJump(f.utteranceId)}
                  title={f.utteranceId}
                  style={{ marginRight: 8 }}
                >
                  {evidenceName(f, places)}
                </button>
              ) : null;
            })}
          </div>
        )}
      </div>
    </ListRow>
  );
}

/** 评分项: each dimension with how its score is made, then its items with their 为什么. */
export function ScoreItemsCard({
  analysis,
  findingById,
  canAppeal,
  onAppeal,
  onJump,
  utterances,
}: {
  analysis: NonNullable<CallView['analysis']>;
  findingById: ReadonlyMap<string, Finding>;
  /** The call's transcript in order, to name cited sentences 第N句（mm:ss）. */
  utterances?: CallView['utterances'];
  canAppeal: boolean;
  onAppeal: (s: ScoreItem) => void;
  onJump: (utteranceId: string) => void;
}) {
  const a = analysis;
  // One lookup per transcript, not a search through it per cited finding.
  const places = useMemo(() => (utterances ? sentencePlaces(utterances) : null), [utterances]);
  return (
    <Card size="small" title="评分项与计算说明" data-testid="score-items" style={{ marginBottom: 12 }}>
      <p className="tj-meta" style={{ margin: '0 0 8px' }}>
        总分 = 五个维度按评分卡权重加权平均，不适用的维度不计入；每个维度 = 它的适用评分项按权重加权平均。
      </p>
      {/* Native disclosures, not antd's Collapse: the card is in a phone's first screen, and
          antd's styles cost that screen more than the five panels themselves. */}
      {DIMENSIONS.map((d: Dimension) => (
        <details key={d} className="tj-collapse" open={(a.dimensions[d] ?? 100) < 80}>
          <summary>
            <span id={`dim-${d}`}>
              {DIMENSION_ZH[d]} <b>{dimText(a.dimensions[d])}</b>
            </span>
          </summary>
          <div className="tj-collapse-body">
            <div className="tj-why" data-testid="dimension-why">
              {explainDimension(d, a.scoreItems, a.dimensions[d] ?? null)}
            </div>
            <List
              items={a.scoreItems.filter((s) => s.dimension === d)}
              itemKey={(s) => s.id}
              render={(s) => (
                <ItemRow
                  s={s}
                  findingById={findingById}
                  canAppeal={canAppeal}
                  onAppeal={onAppeal}
                  onJump={onJump}
                  places={places}
                />
              )}
            />
          </div>
        </details>
      ))}
    </Card>
  );
}
