// The signed-in frame: the left navigation ("Data Protection Management" and "Clusters &
// Environments"), the user menu, and the page.
import { Avatar, Dropdown, Layout, Menu, Tag, Typography } from 'antd';
import {
  CloudServerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  HistoryOutlined,
  LogoutOutlined,
  SaveOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Loading } from '../components/ErrorState';
import { useAuth } from '../auth/AuthContext';
import { paths } from '../routes';
import { CofferMark } from './CofferMark';

const items = [
  {
    type: 'group' as const,
    key: 'data-protection-management',
    label: 'Data Protection Management',
    children: [
      { key: paths.overview, icon: <DashboardOutlined />, label: 'Overview', 'data-testid': 'data-protection-overview' },
      { key: paths.backups, icon: <SaveOutlined />, label: 'Backup & Schedule', 'data-testid': 'data-protection-backup-and-schedule' },
      { key: paths.restores, icon: <HistoryOutlined />, label: 'Restores', 'data-testid': 'data-protection-restores' },
      { key: paths.locations(), icon: <DatabaseOutlined />, label: 'Backup Locations', 'data-testid': 'backup-locations' },
    ],
  },
  {
    type: 'group' as const,
    key: 'infrastructure',
    label: 'Infrastructure',
    children: [{ key: paths.clusters, icon: <CloudServerOutlined />, label: 'Clusters & Environments', 'data-testid': 'clusters' }],
  },
];

// The nav entry a path belongs to.
function selectedKey(pathname: string): string {
  if (pathname.startsWith('/data-protection-management/backup-and-schedule')) return paths.backups;
  if (pathname.startsWith('/data-protection-management/restores')) return paths.restores;
  if (pathname.startsWith('/data-protection-management/backup-locations')) return paths.locations();
  if (pathname.startsWith(paths.clusters)) return paths.clusters;
  return paths.overview;
}

export function AppLayout() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <Layout className="app-layout">
      <Layout.Sider width={248} theme="light" className="app-sider" breakpoint="lg" collapsedWidth={64}>
        <div className="app-brand">
          <CofferMark />
          <span className="app-brand-name">Coffer</span>
        </div>
        <nav aria-label="Main">
          <Menu
            mode="inline"
            items={items}
            selectedKeys={[selectedKey(location.pathname)]}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <div />
          <Dropdown
            menu={{
              items: [
                { key: 'role', label: <Typography.Text type="secondary">Role: {user?.role}</Typography.Text>, disabled: true },
                { key: 'logout', icon: <LogoutOutlined />, label: 'Log out' },
              ],
              onClick: async ({ key }) => {
                if (key === 'logout') {
                  await logout();
                  navigate(paths.login);
                }
              },
            }}
          >
            <button className="user-button" aria-label={`Signed in as ${user?.username}`}>
              <Avatar size="small" icon={<UserOutlined />} />
              <span>{user?.username}</span>
              {user?.role === 'viewer' && <Tag>read-only</Tag>}
            </button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
