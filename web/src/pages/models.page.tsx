import { Typography } from 'antd';
import { LearnedModelsPanel } from '../components/learned-models';
import { useSession } from '../lib/session';

/**
 * 学习模型 for the roles that read it (reviewers see what their accepted appeals teach, managers
 * why scores moved); lexicon editors and admins also retrain and publish here, as in 词库管理.
 */
export default function ModelsPage() {
  const { has } = useSession();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        学习模型
      </Typography.Title>
      <LearnedModelsPanel canTrain={has('lexicon_editor', 'admin')} />
    </div>
  );
}
