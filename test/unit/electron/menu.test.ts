import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from '../../../electron/main/menu.ts';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}
const roles = (template: MenuItemConstructorOptions[]) => items(template).map((i) => i.role).filter(Boolean);

describe('app menu', () => {
  it('has File, Edit, View and Help, with Quit, zoom and About', () => {
    const template = menuTemplate({ isDev: false, showLogs: vi.fn() });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(roles(template)).toEqual(expect.arrayContaining(['quit', 'resetZoom', 'zoomIn', 'zoomOut', 'about']));
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(menuTemplate({ isDev: false, showLogs: vi.fn() }))).not.toEqual(expect.arrayContaining(['toggleDevTools']));
    expect(roles(menuTemplate({ isDev: false, showLogs: vi.fn() }))).not.toContain('reload');
    expect(roles(menuTemplate({ isDev: true, showLogs: vi.fn() }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it("'Show logs' opens the logs folder", () => {
    const showLogs = vi.fn();
    const item = items(menuTemplate({ isDev: false, showLogs })).find((i) => i.label === 'Show logs');
    expect(item?.click).toBe(showLogs);
  });
});
