import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CallFilterBar } from '../components/my-calls/call-filters';
import { CallCards, CallTable } from '../components/my-calls/call-list';
import { CallUpload } from '../components/my-calls/call-upload';
import { type TeamRep, useCallPages, useTeamReps } from '../components/my-calls/use-my-calls';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import type { CallStatus } from '../lib/api';
import { errorText } from '../lib/errors-zh';
import { useSession } from '../lib/session';
import { usePhone } from '../lib/use-narrow';

/**
 * 我的通话 (通话 for other roles): upload, filters, the list as cards on a phone and a table on a
 * desktop. The first page a rep opens: drawn with the app's own components, no antd.
 */
/** One empty list while the team's names load (a new [] per render would re-run the filter's effects). */
const NO_REPS: TeamRep[] = [];

export default function MyCallsPage() {
  const { me, has } = useSession();
  const mobile = usePhone();
  const [status, setStatus] = useState<CallStatus | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  // Managers see their team's calls: a rep filter (from the address too: the team heatmap links
  // here with ?rep=) and a rep column, with the reps' names from the team's metrics.
  const [params, setParams] = useSearchParams();
  const repFilter = params.get('rep') ?? undefined;
  const isManager = has('manager', 'admin') && !has('rep');
  const teamReps = useTeamReps(isManager, me?.teamId);
  // While the names load the column says so; a rep no longer in the team shows their id.
  const repName = (id: string) =>
    teamReps.data ? (teamReps.data.find((r) => r.repId === id)?.name ?? id) : '加载中…';
  const pages = useCallPages({ status, tag, q, repId: repFilter });
  const { list } = pages;
  const items = list.data?.items ?? [];
  const allTags = useMemo(() => [...new Set(items.flatMap((c) => c.tags))], [items]);

  return (
    <div>
      <h1 className="tj-h4">{has('rep') ? '我的通话' : '通话'}</h1>
      {has('rep', 'manager', 'admin') && <CallUpload mobile={mobile} reload={list.reload} />}
      <CallFilterBar
        status={status}
        tag={tag}
        repFilter={repFilter}
        tags={allTags}
        reps={teamReps.data ?? NO_REPS}
        showRepFilter={isManager}
        mobile={mobile}
        onStatus={(v) => {
          setStatus(v);
          pages.restart();
        }}
        onTag={(v) => {
          setTag(v);
          pages.restart();
        }}
        onRep={(v) => {
          const next = new URLSearchParams(params);
          if (v) next.set('rep', v);
          else next.delete('rep');
          setParams(next, { replace: true });
          pages.restart();
        }}
        onSearch={(v) => {
          setQ(v);
          pages.restart();
        }}
      />
      {list.error ? (
        <Alert
          type="error"
          message={`通话列表加载失败：${errorText(list.error)}`}
          action={
            <Button size="small" onClick={() => void list.reload()}>
              重试
            </Button>
          }
          data-testid="load-error"
        />
      ) : null}
      {mobile ? (
        <CallCards items={items} loading={list.loading} />
      ) : (
        <CallTable items={items} loading={list.loading} repName={isManager ? repName : undefined} />
      )}
      <nav className="tj-row" style={{ marginTop: 12 }} aria-label="翻页">
        <Button disabled={!pages.canGoBack} onClick={pages.back}>
          上一页
        </Button>
        <Button disabled={!list.data?.nextCursor} onClick={pages.next}>
          下一页
        </Button>
      </nav>
    </div>
  );
}
