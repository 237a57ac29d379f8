import { PendingApi } from '../components/pending-api';

export default function Page() {
  return <PendingApi what="团队" />;
}
