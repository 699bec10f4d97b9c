/** Starts the window again, e.g. after a restore replaced the whole book. */
export function reloadApp(): void {
  window.location.reload();
}
