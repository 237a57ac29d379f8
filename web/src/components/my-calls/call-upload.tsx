import { type DragEvent, Suspense, useId, useState } from 'react';
import { dropHasFolder, filesOfDrop, type PickedFile } from '../../lib/dropped-files';
import { INDUSTRY_ZH } from '../../lib/labels';
import { lazyWithAntd } from '../lazy-with-antd';
import { Button } from '../ui/button';
import { Icon } from '../ui/icons';
import { useToast } from '../ui/toast';
import { useSingleUploads } from './use-single-uploads';

// The bulk import (zip packing, progress) and the per-upload steps load once they are needed, with
// antd: the first screen of 我的通话 is the upload box and the list, drawn without it.
const FolderImport = lazyWithAntd(() => import('./folder-import').then((m) => m.FolderImport));
const UploadList = lazyWithAntd(() => import('./upload-list').then((m) => m.UploadList));

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
  const [toast, notify] = useToast();
  const { tracked, upload } = useSingleUploads(audioIndustry, reload, notify);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [dropped, setDropped] = useState<PickedFile[] | null>(null);
  const [over, setOver] = useState(false);
  const inputId = useId();
  const industryId = useId();

  const uploadAll = (files: FileList | null) => {
    for (const file of files ?? []) void upload(file);
  };
  // Capture phase: the upload box would take a dropped folder's files one by one (or none).
  const onDropCapture = (e: DragEvent<HTMLDivElement>) => {
    const data = e.dataTransfer;
    const zipOnly = data.files.length > 0 && [...data.files].every((f) => isZipName(f.name));
    if (!dropHasFolder(data) && !zipOnly) return;
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    setBulkOpen(true);
    void filesOfDrop(data).then(setDropped);
  };

  // The one file input: the box (desktop) or the button (phone) is its label, so a click, a tap or
  // Enter on the focused input opens the file picker.
  const input = (
    <input
      id={inputId}
      type="file"
      multiple
      accept={ACCEPT}
      className="tj-file-input"
      onChange={(e) => {
        uploadAll(e.target.files);
        e.target.value = '';
      }}
    />
  );
  // On a phone the upload is one row (a button, not a third of the screen): the list comes first.
  const uploader = mobile ? (
    <div className="tj-upload-box" data-testid="upload">
      {input}
      <label htmlFor={inputId} className="tj-btn">
        <Icon name="upload" />
        上传通话（转写稿或录音）
      </label>
    </div>
  ) : (
    <div className="tj-upload-box" onDropCapture={onDropCapture} data-testid="upload">
      {input}
      <label
        htmlFor={inputId}
        className={`tj-dragger${over ? ' tj-dragger-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          uploadAll(e.dataTransfer.files);
        }}
      >
        <span className="tj-dragger-icon">
          <Icon name="inbox" />
        </span>
        <span className="tj-dragger-text">拖拽通话文件到这里，或点击选择</span>
        <span className="tj-dragger-hint">
          支持转写稿 JSON 与录音（mp3、wav、m4a 等）；整个文件夹或压缩包会批量导入
        </span>
      </label>
    </div>
  );

  return (
    <section
      className="tj-card tj-card-small"
      style={{ marginBottom: mobile ? 8 : 16 }}
      aria-label="上传通话"
    >
      {uploader}
      <div className="tj-row" style={{ marginTop: 8 }}>
        <label htmlFor={industryId} className="tj-secondary">
          录音所属行业
        </label>
        <select
          id={industryId}
          className="tj-select tj-select-small"
          style={{ width: 130 }}
          value={audioIndustry}
          onChange={(e) => setAudioIndustry(e.target.value)}
        >
          {Object.entries(INDUSTRY_ZH).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <Button
          size="small"
          icon={<Icon name="folderAdd" />}
          aria-expanded={bulkOpen}
          onClick={() => setBulkOpen((o) => !o)}
          data-testid="bulk-import-toggle"
        >
          批量导入（文件夹、多个文件或压缩包）
        </Button>
      </div>
      <Suspense fallback={null}>
        {bulkOpen && <FolderImport pending={dropped} onImported={reload} />}
        {tracked.length > 0 && <UploadList tracked={tracked} mobile={mobile} />}
      </Suspense>
      {toast}
    </section>
  );
}
