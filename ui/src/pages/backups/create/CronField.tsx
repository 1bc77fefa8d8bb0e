// The cron field of the schedule form (feature spec §3.5): the expression described in words as
// it is typed, with its next runs, by the server's own parser (GET /api/v1/cron, debounced). An
// invalid expression shows the parser's error under the field (through the Form.Item rule
// `cronRule`, which asks the same cached answer).
import { useEffect, useState } from 'react';
import { Button, Input, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { describeCron, type CronDescription } from '../../../api/schedules';
import { formatTime } from '../../../lib/format';

export const CRON_DEBOUNCE_MS = 250;

export const CRON_PRESETS = [
  { label: 'Hourly', expression: '0 * * * *' },
  { label: 'Every 6 hours', expression: '0 */6 * * *' },
  { label: 'Daily at 02:00', expression: '0 2 * * *' },
  { label: 'Weekly', expression: '0 0 * * 0' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The Form.Item rule: waits for typing to pause, then asks the server; a failed request leaves
// the decision to the server at submit time.
export const cronRule = (form: FormInstance, field = 'schedule') => ({
  validator: async (_: unknown, value: string | undefined) => {
    const expression = (value ?? '').trim();
    if (!expression) throw new Error('Enter a cron expression, e.g. 0 2 * * * or @daily');
    await sleep(CRON_DEBOUNCE_MS);
    if ((form.getFieldValue(field) ?? '').trim() !== expression) return; // stale: a newer check follows
    let answer: CronDescription;
    try {
      answer = await describeCron(expression);
    } catch {
      return;
    }
    if (!answer.valid) throw new Error(answer.error || 'Not a valid cron expression');
  },
});

export function CronField({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const [answer, setAnswer] = useState<CronDescription | null>(null);

  useEffect(() => {
    const expression = (value ?? '').trim();
    if (!expression) {
      setAnswer(null);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      describeCron(expression).then(
        (a) => !cancelled && setAnswer(a),
        () => !cancelled && setAnswer(null),
      );
    }, CRON_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value]);

  const current = answer && answer.expression.trim() === (value ?? '').trim() ? answer : null;
  return (
    <div>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        placeholder="0 2 * * *"
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
        autoComplete="off"
      />
      <Space size={4} wrap style={{ marginTop: 6 }} aria-label="Cron presets" role="group">
        <Typography.Text type="secondary">Presets:</Typography.Text>
        {CRON_PRESETS.map((p) => (
          <Button key={p.label} size="small" onClick={() => onChange?.(p.expression)} title={p.expression}>
            {p.label}
          </Button>
        ))}
      </Space>
      <div aria-live="polite" data-testid="cron-description" style={{ marginTop: 6, minHeight: 22 }}>
        {current?.valid && (
          <>
            <Typography.Text strong>{current.description}</Typography.Text>
            {current.nextRuns && current.nextRuns.length > 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                Next runs: {current.nextRuns.slice(0, 3).map((t) => formatTime(t)).join(' · ')}
              </Typography.Text>
            )}
          </>
        )}
      </div>
    </div>
  );
}
