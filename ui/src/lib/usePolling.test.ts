import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useLoad } from './usePolling';

afterEach(() => vi.useRealTimers());

describe('live loading', () => {
  it('reloads on its interval while active, and stops when the work is done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let phase = 'InProgress';
    const load = vi.fn(async () => phase);
    const { result, rerender } = renderHook(({ active }) => useLoad(load, [], 2000, active), {
      initialProps: { active: true },
    });
    await waitFor(() => expect(result.current.data).toBe('InProgress'));
    expect(result.current.loading).toBe(false);
    const first = load.mock.calls.length;
    phase = 'Completed';
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(load.mock.calls.length).toBe(first + 1);
    expect(result.current.data).toBe('Completed');
    rerender({ active: false });
    const stopped = load.mock.calls.length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
    });
    expect(load.mock.calls.length).toBe(stopped);
  });

  it('keeps the last data and reports the error of a failed reload', async () => {
    let fail = false;
    const load = vi.fn(async () => {
      if (fail) throw new Error('server went away');
      return 42;
    });
    const { result } = renderHook(() => useLoad(load, [], 0));
    await waitFor(() => expect(result.current.data).toBe(42));
    fail = true;
    await act(async () => {
      await result.current.reload();
    });
    expect(result.current.data).toBe(42);
    expect((result.current.error as Error).message).toBe('server went away');
  });

  it('drops an older answer that arrives after a newer one', async () => {
    const answers: ((v: string) => void)[] = [];
    const load = vi.fn(() => new Promise<string>((resolve) => answers.push(resolve)));
    const { result } = renderHook(() => useLoad(load, [], 0));
    await waitFor(() => expect(answers.length).toBe(1));
    let second: Promise<void>;
    act(() => {
      second = result.current.reload();
    });
    await waitFor(() => expect(answers.length).toBe(2));
    await act(async () => {
      answers[1]('new');
      await second;
      answers[0]('old');
    });
    expect(result.current.data).toBe('new');
  });
});
