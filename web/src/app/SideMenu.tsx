import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useAuth } from './auth-context';
import { useT } from './i18n/LocaleProvider';
import { findNavigationEntry, navigationGroups, visibleEntries, type NavigationEntry } from './navigation';

type MenuItem = Required<MenuProps>['items'][number];

/** The sidebar: 工作台 always, other pages only with their permission. */
export function SideMenu({ collapsed }: { collapsed: boolean }) {
  const t = useT();
  const { hasPermission } = useAuth();
  const location = useLocation();
  const current = findNavigationEntry(location.pathname);

  const items = useMemo<MenuItem[]>(() => {
    const entries = visibleEntries(hasPermission);
    const toItem = (entry: NavigationEntry): MenuItem => ({
      key: entry.key,
      icon: entry.icon,
      label: (
        <Link to={entry.path} data-menu={entry.key}>
          {t(entry.labelKey)}
        </Link>
      ),
    });
    const result: MenuItem[] = entries.filter((entry) => !entry.group).map(toItem);
    for (const group of navigationGroups) {
      const children = entries.filter((entry) => entry.group === group.key).map(toItem);
      if (children.length === 0) continue;
      result.push({ key: group.key, icon: group.icon, label: t(group.labelKey), children });
    }
    return result;
  }, [hasPermission, t]);

  const defaultOpenKeys = useMemo(() => navigationGroups.map((group) => group.key), []);

  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={current ? [current.key] : []}
      defaultOpenKeys={collapsed ? [] : defaultOpenKeys}
      style={{ borderInlineEnd: 0 }}
    />
  );
}
