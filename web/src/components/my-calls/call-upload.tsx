import { FolderAddOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Typography, Upload } from 'antd';
import { type DragEvent, lazy, Suspense, useState } from 'react';
import { dropHasFolder, filesOfDrop, type PickedFile } from '../../lib/dropped-files';
import { INDUSTRY_ZH } from '../../lib/labels';
import { useSingleUploads } from './use-single-uploads';

// The bulk import (zip packing, progress) and the per-upload steps load once they are needed: the
// first screen of 我的通话 is the upload box and the list.
const FolderImport = lazy(() => import('./folder-import').then((m) => ({ default: m.FolderImport })));
const UploadList = lazy(() => import('./upload-list').then((m) => ({ default: m.UploadList })));

const ACCEPT = '.json,application/json,audio/*,.mp3,.wav,.m4a';
const isZipName = (name: string) => /\.zip$/i.test(name);

/**
 * The upload card of 我的通话: one call at a time (a transcript JSON or a recording) through the
 * upload box, and the bulk import (a folder, several files or a zip) behind 批量导入; a folder or
 * zip dropped on the upload box goes to the bulk import.
 */
export function CallUpload({ mobile, reload }: { mobile: boolean; reload: () => void }) {
  // A recording carries no industry of its own: the uploader names it (a transcript JSON has one).
  const [audioIndustry, setAudioIndustry] = useState('medical_devices');
  const { tracked, upload } = useSingleUploads(audioIndustry, reload);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [dropped, setDropped] = useState<PickedFile[] | null>(null);

  // Capture phase: the upload box would take a dropped folder's files one by one (or none).
  const onDropCapture = (e: DragEvent<HTMLDivElement>) => {
    const data = e.dataTransfer;
    const zipOnly = data.files.length > 0 && [...data.files].every((f) => isZipName(f.name));
    if (!dropHasFolder(data) && !zipOnly) return;
    e.preventDefault();
    e.stopPropagation();
    setBulkOpen(true);
    void filesOfDrop(data).then(setDropped);
  };

  // On a phone the upload is one row (a button, not a third of the screen): the list comes first.
  const uploader = mobile ? (
    <Upload
      multiple
      accept={ACCEPT}
      showUploadList={false}
      customRequest={({ file }) => {
        void upload(file as File);
      }}
      data-testid="upload"
    >
      <Button icon={<UploadOutlined />}>上传通话（转写稿或录音）</Button>
    </Upload>
  ) : (
    <div onDropCapture={onDropCapture}>
      <Upload.Dragger
        multiple
        accept={ACCEPT}
        showUploadList={false}
        customRequest={({ file }) => {
          void upload(file as File);
        }}
        data-testid="upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">拖拽通话文件到这里，或点击选择</p>
        <p className="ant-upload-hint">
          支持转写稿 JSON 与录音（mp3、wav、m4a 等）；整个文件夹或压缩包会批量导入
        </p>
      </Upload.Dragger>
    </div>
  );

  return (
    <Card size="small" style={{ marginBottom: mobile ? 8 : 16 }}>
      {uploader}
      <Space wrap style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">录音所属行业</Typography.Text>
        <Select
          size="small"
          style={{ width: 130 }}
          aria-label="录音所属行业"
          value={audioIndustry}
          onChange={setAudioIndustry}
          options={Object.entries(INDUSTRY_ZH).map(([value, label]) => ({ value, label }))}
        />
        <Button
          size="small"
          icon={<FolderAddOutlined />}
          aria-expanded={bulkOpen}
          onClick={() => setBulkOpen((o) => !o)}
          data-testid="bulk-import-toggle"
        >
          批量导入（文件夹、多个文件或压缩包）
        </Button>
      </Space>
      <Suspense fallback={null}>
        {bulkOpen && <FolderImport pending={dropped} onImported={reload} />}
        {tracked.length > 0 && <UploadList tracked={tracked} mobile={mobile} />}
      </Suspense>
    </Card>
  );
}
