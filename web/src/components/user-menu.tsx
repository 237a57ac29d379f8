import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ROLE_ZH } from '../lib/labels';
import { useSession } from '../lib/session';
import { Button } from './ui/button';
import { Tag } from './ui/tag';

/**
 * The signed-in user's menu: who is signed in, the other demo users to switch to, 退出登录.
 * A menu button: Enter, Space or the arrow keys open it, arrows move, Escape closes and returns
 * focus, a click outside closes.
 */
export function UserMenu({ onSwitch }: { onSwitch: (token: string) => void }) {
  const { me, demoUsers, signOut } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    wrap.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(wrap.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[next]?.focus();
    }
  };
  const roles = (me?.roles ?? []).map((r) => ROLE_ZH[r]).join('、');
  const others = demoUsers.filter((u) => u.id !== me?.id);

  return (
    <div className="tj-menu-wrap" ref={wrap}>
      <Button
        variant="text"
        ref={trigger}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
        data-testid="user-menu"
      >
        <span className="tj-menu-who">{me?.name}</span>
        <Tag className="tj-hide-mobile" color="blue">
          {ROLE_ZH[me?.roles[0] ?? 'rep']}
        </Tag>
      </Button>
      {open && (
        <div className="tj-menu" id={menuId}>
          <div className="tj-menu-label">{`${me?.name ?? ''}（${roles}）`}</div>
          <div role="menu" aria-label="账号" onKeyDown={onMenuKey}>
            {others.map((u) => (
              <button
                key={u.token}
                type="button"
                role="menuitem"
                className="tj-menu-item"
                onClick={() => {
                  setOpen(false);
                  onSwitch(u.token);
                }}
              >
                {`切换为 ${ROLE_ZH[u.roles[0]!]} · ${u.name}`}
              </button>
            ))}
            <hr className="tj-menu-divider" />
            <button
              type="button"
              role="menuitem"
              className="tj-menu-item danger"
              onClick={() => {
                setOpen(false);
                signOut();
                navigate('/signin');
              }}
            >
              退出登录
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
