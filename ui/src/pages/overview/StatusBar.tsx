// A status breakdown as one stacked bar (hover a segment for its count) and a legend with the
// counts, in plain CSS (no chart library).
import { Empty, Tooltip } from 'antd';
import { TONE_COLORS, total, type StatusSlice } from './overviewModel';

export function StatusBar({ slices, what, testId }: { slices: StatusSlice[]; what: string; testId?: string }) {
  const sum = total(slices);
  if (sum === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`No ${what} yet`} />;
  return (
    <div data-testid={testId}>
      <div
        role="img"
        aria-label={slices.map((s) => `${s.label}: ${s.count}`).join(', ')}
        style={{ display: 'flex', height: 14, borderRadius: 7, overflow: 'hidden', background: '#f0f0f0', marginBottom: 12 }}
      >
        {slices.map((s) => (
          <Tooltip key={s.label} title={`${s.label}: ${s.count} of ${sum}`}>
            <div style={{ width: `${(s.count / sum) * 100}%`, background: TONE_COLORS[s.tone], minWidth: 4 }} />
          </Tooltip>
        ))}
      </div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: '6px 20px' }}>
        {slices.map((s) => (
          <li key={s.label} data-status={s.label} title={s.phases.join(', ')}>
            <span
              aria-hidden
              style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: TONE_COLORS[s.tone], marginRight: 6 }}
            />
            {s.label} <strong data-count={s.count}>{s.count}</strong>
          </li>
        ))}
        <li style={{ color: '#6b7280' }}>
          Total <strong>{sum}</strong>
        </li>
      </ul>
    </div>
  );
}
