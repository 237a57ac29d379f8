import { PendingApi } from '../components/pending-api';

export default function Page() {
  return <PendingApi what="词库管理" />;
}
