import { useCallback, useLayoutEffect, useRef, useState } from 'react';

/** What CSS gives a row; the real height is measured once rows are on screen. */
export const ROW_HEIGHT = 44;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
export const OVERSCAN = 8;
/** jsdom (and a window not laid out yet) reports no height: assume a screenful. */
const FALLBACK_VIEWPORT = 640;

/**
 * The window of a long table that is in the DOM: only the rows in view (plus
 * overscan) are rendered, and two spacer cells stand in for the rest. The
 * table scrolls inside `scrollRef`; rows carry `data-index`; the spacers sit
 * in the first and last body rows. A new `resetKey` (new filters, new sort)
 * goes back to the top and calls `onReset` during render.
 */
export function useVirtualRows({
  count,
  resetKey,
  onReset,
  overscan = OVERSCAN,
}: {
  count: number;
  resetKey: string;
  onReset?: () => void;
  overscan?: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const topSpacerRef = useRef<HTMLTableCellElement>(null);
  const bottomSpacerRef = useRef<HTMLTableCellElement>(null);

  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [firstRow, setFirstRow] = useState(0);
  const [shownKey, setShownKey] = useState(resetKey);

  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setFirstRow(0);
    onReset?.();
  }
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);

  const visibleRows = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, Math.min(firstRow, count - 1) - overscan);
  const end = Math.min(count, firstRow + visibleRows + overscan);

  const measure = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const height = el.clientHeight - (headRef.current?.offsetHeight ?? 0);
    setViewport(el.clientHeight > 0 ? Math.max(rowHeight, height) : FALLBACK_VIEWPORT);
    setFirstRow(Math.floor(el.scrollTop / rowHeight));
  }, [rowHeight]);

  useLayoutEffect(() => {
    measure();
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', measure);
      return () => window.removeEventListener('resize', measure);
    }
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  // The row height is whatever the stylesheet and the fonts make it; jsdom says 0.
  const hasRows = count > 0;
  useLayoutEffect(() => {
    const row = tableRef.current?.querySelector<HTMLTableRowElement>('tr[data-index]');
    const measured = row?.getBoundingClientRect().height ?? 0;
    if (measured > 0 && Math.abs(measured - rowHeight) > 0.5) setRowHeight(measured);
  }, [hasRows, rowHeight]);

  // Spacer heights go through the CSSOM: the CSP (style-src 'self') blocks
  // style attributes in markup, not properties set from script.
  useLayoutEffect(() => {
    if (topSpacerRef.current) topSpacerRef.current.style.height = `${start * rowHeight}px`;
    if (bottomSpacerRef.current) bottomSpacerRef.current.style.height = `${(count - end) * rowHeight}px`;
  }, [start, end, count, rowHeight]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) setFirstRow(Math.floor(el.scrollTop / rowHeight));
  };

  /** Scrolls just enough to show row `index`, and renders its window now. */
  const scrollToIndex = (index: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const top = index * rowHeight;
    const bottom = top + rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + viewport) el.scrollTop = bottom - viewport;
    // Render the new window now rather than on the scroll event that follows.
    setFirstRow(Math.floor(el.scrollTop / rowHeight));
  };

  /** How far PageUp/PageDown move. */
  const pageRows = Math.max(1, Math.floor(viewport / rowHeight) - 1);

  return {
    scrollRef,
    tableRef,
    headRef,
    topSpacerRef,
    bottomSpacerRef,
    start,
    end,
    onScroll,
    scrollToIndex,
    pageRows,
  };
}
