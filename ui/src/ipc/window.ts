// The window around the UI: its title, and the native menu's items that the
// UI carries out (src-tauri/src/menu.rs sends them as the "menu" event).
// Outside the app (unit tests, a plain browser) both do nothing.
import { isTauri } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';

/** Menu items the UI acts on; the ids match `menu::UI_ITEMS` in Rust. */
export type MenuItem = 'lock' | 'shortcuts';
const MENU_ITEMS: readonly string[] = ['lock', 'shortcuts'] satisfies readonly MenuItem[];

/** The window's title bar (and task switcher) text. */
export function setWindowTitle(title: string): void {
  if (!isTauri()) return;
  getCurrentWindow()
    .setTitle(title)
    .catch(() => {
      // A title that did not change is not worth a message.
    });
}

/** Calls `handler` for each menu item the UI must carry out; returns the way to stop. */
export function onMenuItem(handler: (item: MenuItem) => void): () => void {
  if (!isTauri()) return () => {};
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<string>('menu', (event) => {
    if (MENU_ITEMS.includes(event.payload)) handler(event.payload as MenuItem);
  })
    .then((stop) => {
      if (stopped) stop();
      else unlisten = stop;
    })
    .catch(() => {
      // Without the event permission there is no menu to follow.
    });
  return () => {
    stopped = true;
    unlisten?.();
  };
}
