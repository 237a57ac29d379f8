import { FolderOpenOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, List, Progress, Select, Space, Typography } from 'antd';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { type ImportView, packForImport, readImport, startImport } from '../../lib/bulk-import';
import { filesOfDrop, filesOfInput, type PickedFile } from '../../lib/dropped-files';
import { errorText } from '../../lib/errors-zh';
import { importErrorText, importReasonText } from '../../lib/import-zh';
import { INDUSTRY_ZH } from '../../lib/labels';

type Phase =
  | { kind: 'idle' }
  | { kind: 'packing'; files: number; done: number }
  | { kind: 'uploading'; files: number; progress: number }
  | { kind: 'importing'; view: ImportView | null; id: string }
  | { kind: 'error'; message: string };

/**
 * The file-name presets of the import (services/import/filename-pattern.ts NAME_PRESETS): the rep,
 * the customer's phone and the time read from each name. Without one, a rep's files are theirs and
 * dated by the file's time; a manager's files need the rep in the name.
 */
const NAME_FORMATS = [
  { value: 'date-rep-phone', label: '日期_销售编号_客户电话（20261101_…_…）' },
  { value: 'recorder', label: '通话录音 电话 时间（手机录音应用）' },
];

/** The folder picker attribute React does not know by name. */
const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * A folder, several files or a zip of recordings and vendor transcripts, through the bulk import
 * (POST /v1/imports, progress at GET /v1/imports/:id): dropped here (a dropped folder is walked) or
 * picked with the two buttons; ends with imported / duplicates / failed with reasons, and links to
 * the imported calls. `pending` takes a drop the page's own upload box passed on.
 */
export function FolderImport({
  pending,
  onImported,
}: {
  pending?: PickedFile[] | null;
  onImported: () => void;
}) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [industry, setIndustry] = useState<string | undefined>();
  const [namePattern, setNamePattern] = useState<string | undefined>();
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const busy =
    phase.kind === 'packing' ||
    phase.kind === 'uploading' ||
    (phase.kind === 'importing' && phase.view?.status !== 'done' && phase.view?.status !== 'failed');

  const run = async (files: PickedFile[]) => {
    if (files.length === 0) {
      setPhase({ kind: 'error', message: '没有可导入的文件（文件夹是空的，或只有隐藏文件）' });
      return;
    }
    try {
      setPhase({ kind: 'packing', files: files.length, done: 0 });
      const archive = await packForImport(files, (done) =>
        setPhase({ kind: 'packing', files: files.length, done }),
      );
      setPhase({ kind: 'uploading', files: files.length, progress: 0 });
      const id = await startImport(archive, { industry, name: namePattern }, (progress) =>
        setPhase({ kind: 'uploading', files: files.length, progress }),
      );
      setPhase({ kind: 'importing', id, view: null });
    } catch (e) {
      setPhase({
        kind: 'error',
        message:
          e instanceof RangeError
            ? '文件太多或太大（单次最多 65535 个文件、总大小 4096 兆以内），请分批导入'
            : `导入失败：${errorText(e)}`,
      });
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (pending && pending.length > 0) void runRef.current(pending);
  }, [pending]);

  // Progress: poll the import until it is done, then refresh the call list (each answer is a new
  // view object, so the effect runs again and schedules the next read).
  const importId = phase.kind === 'importing' ? phase.id : null;
  const view = phase.kind === 'importing' ? phase.view : null;
  useEffect(() => {
    if (!importId || view?.status === 'done' || view?.status === 'failed') return;
    const timer = setTimeout(() => {
      readImport(importId).then(
        (next) => {
          setPhase({ kind: 'importing', id: importId, view: next });
          if (next.status !== 'running') onImported();
        },
        (e) => setPhase({ kind: 'error', message: `读取导入进度失败：${errorText(e)}` }),
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [importId, view, onImported]);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (busy) return;
    void filesOfDrop(e.dataTransfer).then((files) => runRef.current(files));
  };

  return (
    <div data-testid="folder-import" style={{ marginTop: 12 }}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the buttons below do the same by keyboard */}
      <div
        className={`tj-folder-drop${over ? ' tj-folder-drop-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          border: `1px dashed ${over ? '#1677ff' : '#d9d9d9'}`,
          borderRadius: 8,
          padding: 12,
          background: over ? '#e6f4ff' : '#fafafa',
        }}
      >
        <Typography.Text strong>批量导入</Typography.Text>
        <div className="tj-meta">
          把整个文件夹拖到这里：录音和云端识别结果（阿里云、腾讯云、讯飞、火山引擎）以及表格转写稿一起导入，已导入过的文件会跳过
        </div>
        <Space wrap style={{ marginTop: 8 }}>
          <Button icon={<FolderOpenOutlined />} disabled={busy} onClick={() => folderInput.current?.click()}>
            选择文件夹
          </Button>
          <Button icon={<UploadOutlined />} disabled={busy} onClick={() => filesInput.current?.click()}>
            选择多个文件或压缩包
          </Button>
          <Typography.Text type="secondary">行业</Typography.Text>
          <Select
            size="small"
            allowClear
            placeholder="按内容判断"
            style={{ width: 130 }}
            value={industry}
            onChange={setIndustry}
            options={Object.entries(INDUSTRY_ZH).map(([value, label]) => ({ value, label }))}
            aria-label="导入通话的行业"
          />
          <Typography.Text type="secondary">文件名格式</Typography.Text>
          <Select
            size="small"
            allowClear
            placeholder="不从文件名读取"
            style={{ width: 250 }}
            value={namePattern}
            onChange={setNamePattern}
            options={NAME_FORMATS}
            aria-label="从文件名读取销售、客户电话和时间"
            data-testid="import-name-format"
          />
        </Space>
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          {...FOLDER_PICKER}
          data-testid="folder-input"
          onChange={(e) => {
            const files = filesOfInput(e.target.files);
            e.target.value = '';
            void run(files);
          }}
        />
        <input
          ref={filesInput}
          type="file"
          multiple
          hidden
          accept=".zip,.json,.csv,.tsv,.xlsx,audio/*"
          data-testid="files-input"
          onChange={(e) => {
            const files = filesOfInput(e.target.files);
            e.target.value = '';
            void run(files);
          }}
        />
      </div>
      <ImportProgress phase={phase} />
    </div>
  );
}

function ImportProgress({ phase }: { phase: Phase }) {
  if (phase.kind === 'idle') return null;
  if (phase.kind === 'error')
    return (
      <Alert
        type="error"
        showIcon
        message={phase.message}
        style={{ marginTop: 8 }}
        data-testid="import-error"
      />
    );
  if (phase.kind === 'packing')
    return (
      <Typography.Paragraph style={{ marginTop: 8 }}>
        正在打包：已读取 {phase.done} / {phase.files} 个文件…
      </Typography.Paragraph>
    );
  if (phase.kind === 'uploading')
    return (
      <div style={{ marginTop: 8 }}>
        <Typography.Text>正在上传 {phase.files} 个文件</Typography.Text>
        <Progress percent={Math.round(phase.progress * 100)} size="small" status="active" />
      </div>
    );
  const v = phase.view;
  if (!v) return <Typography.Paragraph style={{ marginTop: 8 }}>已上传，正在导入…</Typography.Paragraph>;
  const done = v.imported + v.duplicates + v.failed + v.skipped;
  return <ImportSummary view={v} done={done} />;
}

function ImportSummary({ view: v, done }: { view: ImportView; done: number }) {
  const finished = v.status !== 'running';
  return (
    <div style={{ marginTop: 8 }} data-testid="import-summary">
      <Progress
        percent={v.total > 0 ? Math.round((done / v.total) * 100) : finished ? 100 : 0}
        size="small"
        status={!finished ? 'active' : v.status === 'failed' ? 'exception' : 'success'}
      />
      <Typography.Text strong data-testid="import-counts">
        {finished ? '导入完成' : '正在导入'}：已导入 {v.imported} 个，重复 {v.duplicates} 个，失败 {v.failed}{' '}
        个{v.skipped > 0 ? `，跳过 ${v.skipped} 个` : ''}（共 {v.total} 个文件）
      </Typography.Text>
      {v.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 6 }}
          message={<span title={v.error}>{importErrorText(v.error)}</span>}
        />
      )}
      {v.failures.length > 0 && (
        <List
          size="small"
          header={<Typography.Text type="danger">导入失败的文件</Typography.Text>}
          dataSource={v.failures}
          data-testid="import-failures"
          renderItem={(f) => (
            <List.Item>
              <Typography.Text code>{f.entry}</Typography.Text>
              <span title={f.reason}>{importReasonText(f.reason)}</span>
            </List.Item>
          )}
        />
      )}
      {(v.calls ?? []).length > 0 && (
        <List
          size="small"
          header={<Typography.Text>已导入的通话</Typography.Text>}
          dataSource={v.calls ?? []}
          data-testid="import-calls"
          renderItem={(c) => (
            <List.Item>
              <Typography.Text code>{c.entry}</Typography.Text>
              <Link to={`/calls/${c.callId}`}>查看通话</Link>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
