import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type FocusableWindow } from './single-instance';

class FakeApp extends EventEmitter {
  quitCalls = 0;
  constructor(private readonly lockFree: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lockFree;
  }
  quit(): void {
    this.quitCalls++;
  }
}

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const win: FocusableWindow = {
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { win, calls };
}

describe('single instance', () => {
  it('makes a second launch quit at once, starting nothing', () => {
    const app = new FakeApp(false);
    expect(claimSingleInstance(app, () => null)).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('keeps the first instance and brings its window forward when launched again', () => {
    const app = new FakeApp(true);
    const { win, calls } = fakeWindow(true);
    expect(claimSingleInstance(app, () => win)).toBe(true);
    expect(app.quitCalls).toBe(0);

    app.emit('second-instance');
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('ignores a second launch before the window exists or after it is gone', () => {
    const app = new FakeApp(true);
    let current: FocusableWindow | null = null;
    claimSingleInstance(app, () => current);
    expect(() => app.emit('second-instance')).not.toThrow();
    current = { ...fakeWindow(false).win, isDestroyed: () => true, focus: () => expect.fail('destroyed window focused') };
    expect(() => app.emit('second-instance')).not.toThrow();
  });
});
