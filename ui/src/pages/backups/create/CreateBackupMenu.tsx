// The "Create Backup" call to action (feature spec §3.2): a menu of From Scratch, From Schedule and
// Create Backup Schedule, each opening its modal.
import { useState } from 'react';
import { Button, Dropdown, Typography } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import type { Schedule } from '../../../api/schedules';
import FromScratchModal from './FromScratchModal';
import FromScheduleModal from './FromScheduleModal';
import ScheduleFormModal from './ScheduleFormModal';

type Choice = 'scratch' | 'schedule' | 'new-schedule';

const CHOICES: { key: Choice; label: string; description: string }[] = [
  { key: 'scratch', label: 'From Scratch', description: 'Configure a new backup manually (scope, storage, snapshot settings)' },
  { key: 'schedule', label: 'From Schedule', description: "Back up now with an existing schedule's configuration" },
  { key: 'new-schedule', label: 'Create Backup Schedule', description: 'Create a recurring backup policy' },
];

export function CreateBackupMenu({ onScheduleCreated }: { onScheduleCreated?: (s: Schedule) => void }) {
  const [open, setOpen] = useState<Choice | null>(null);
  const close = () => setOpen(null);
  return (
    <>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        menu={{
          items: CHOICES.map((c) => ({
            key: c.key,
            label: (
              <div style={{ padding: '2px 0', maxWidth: 320 }}>
                <div style={{ fontWeight: 600 }}>{c.label}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.description}
                </Typography.Text>
              </div>
            ),
          })),
          onClick: ({ key }) => setOpen(key as Choice),
        }}
      >
        <Button type="primary" icon={<PlusOutlined />}>
          Create Backup <DownOutlined />
        </Button>
      </Dropdown>
      <FromScratchModal open={open === 'scratch'} onClose={close} />
      <FromScheduleModal open={open === 'schedule'} onClose={close} />
      <ScheduleFormModal open={open === 'new-schedule'} onClose={close} onSaved={onScheduleCreated} />
    </>
  );
}
