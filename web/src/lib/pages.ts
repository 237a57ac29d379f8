import type { Role } from './api';

/** The pages of the menu and the roles that can use them (the API enforces the same on its side). */
export const PAGES: { key: string; label: string; roles: Role[] }[] = [
  { key: '/calls', label: '我的通话', roles: ['rep', 'manager', 'admin', 'reviewer', 'lexicon_editor'] },
  { key: '/growth', label: '我的成长', roles: ['rep'] },
  { key: '/reviews', label: '申诉复核', roles: ['reviewer', 'admin'] },
  { key: '/lexicons', label: '词库管理', roles: ['lexicon_editor', 'admin'] },
  { key: '/models', label: '学习模型', roles: ['reviewer', 'manager', 'lexicon_editor', 'admin'] },
  { key: '/team', label: '团队', roles: ['manager', 'admin'] },
  { key: '/settings', label: '系统设置', roles: ['admin'] },
];

/** The roles a page at `key` needs. */
export const rolesOf = (key: string): Role[] => PAGES.find((p) => p.key === key)?.roles ?? [];
