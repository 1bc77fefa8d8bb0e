import { Breadcrumb, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

// A page's title, its trail back and its actions.
export function PageHeader(props: {
  title: ReactNode;
  subtitle?: ReactNode;
  trail?: { label: string; to?: string }[];
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      {props.trail && (
        <Breadcrumb
          items={props.trail.map((t) => ({ title: t.to ? <Link to={t.to}>{t.label}</Link> : t.label }))}
          style={{ marginBottom: 4 }}
        />
      )}
      <div className="page-header-row">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {props.title}
          </Typography.Title>
          {props.subtitle && <Typography.Text type="secondary">{props.subtitle}</Typography.Text>}
        </div>
        {props.actions && <Space wrap>{props.actions}</Space>}
      </div>
    </div>
  );
}
