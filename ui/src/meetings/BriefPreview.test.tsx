import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Document } from '../ipc';
import { BriefPreview, paginate } from './BriefPreview';

const doc: Document = {
  title: 'Brief: Board dinner',
  generated: '2026-11-20T08:00:00Z',
  audience: null,
  chapters: [
    {
      title: 'Board dinner',
      draft: true,
      in_contents: true,
      blocks: [
        { type: 'title', text: 'Board dinner', subtitle: 'Brightwater Foods' },
        { type: 'heading', text: 'Why we go' },
        { type: 'paragraph', spans: [{ text: 'Value: ', strong: true }, { text: '<script>alert(1)</script>', strong: false }] },
        { type: 'note', text: 'No feedback on record.' },
        { type: 'facts', rows: [{ label: 'Where', value: 'Oslo <b>HQ</b>' }] },
        { type: 'bullets', items: ['First ask'] },
        { type: 'checklist', items: ['Send thanks'] },
        { type: 'callout', title: 'Three things to know', items: ['Budget is set in March'] },
        {
          type: 'table',
          columns: [
            { title: 'Name', width: 2, align: 'left' },
            { title: 'Strength', width: null, align: 'right' },
          ],
          rows: [['Lars Berg', '4']],
        },
        { type: 'page_break' },
        {
          type: 'map',
          nodes: [
            { id: 'a', label: 'Ingrid Solberg', detail: 'CEO', ours: true, highlight: true },
            { id: 'b', label: 'Lars Berg', detail: null, ours: false, highlight: false },
            { id: 'c', label: 'Mia Holm', detail: 'COO', ours: false, highlight: false },
          ],
          edges: [
            { from: 'a', to: 'b', line: 'dashed', strength: 4 },
            { from: 'a', to: 'c', line: 'solid', strength: 1 },
          ],
          caption: 'Dashed: personal ties',
        },
      ],
    },
    {
      title: 'Directory',
      draft: false,
      in_contents: true,
      blocks: [{ type: 'contents' }],
    },
  ],
};

describe('the brief preview', () => {
  it('cuts chapters into pages at page breaks', () => {
    expect(paginate(doc).map((p) => [p.chapter.title, p.number])).toEqual([
      ['Board dinner', 1],
      ['Board dinner', 2],
      ['Directory', 3],
    ]);
  });

  it('draws every kind of block', () => {
    render(<BriefPreview doc={doc} />);
    const preview = screen.getByTestId('brief-preview');
    const pages = within(preview).getAllByTestId('brief-page');
    expect(pages).toHaveLength(3);

    expect(within(pages[0]).getByRole('heading', { name: 'Board dinner' })).toBeInTheDocument();
    expect(within(pages[0]).getByRole('heading', { name: 'Why we go' })).toBeInTheDocument();
    expect(within(pages[0]).getByText('Value:').tagName).toBe('STRONG');
    expect(within(pages[0]).getByText('No feedback on record.')).toHaveClass('brief-note');
    expect(within(pages[0]).getByText('Where').tagName).toBe('DT');
    expect(within(pages[0]).getByText('First ask').closest('ul')).toHaveClass('brief-bullets');
    expect(within(pages[0]).getByText('Send thanks')).toHaveTextContent('☐Send thanks');
    expect(within(pages[0]).getByText('Three things to know').closest('aside')).toHaveTextContent('Budget is set in March');
    const table = within(pages[0]).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Name', 'Strength']);
    expect(within(table).getByText('4')).toHaveClass('brief-right');

    // The map: two sides, a ring on the highlighted person, lines by kind and strength.
    expect(within(pages[1]).getAllByTestId('brief-map-node')).toHaveLength(3);
    expect(within(pages[1]).getAllByTestId('brief-map-ring')).toHaveLength(1);
    const edges = within(pages[1]).getAllByTestId('brief-map-edge');
    expect(edges[0]).toHaveAttribute('stroke-dasharray', '7 4');
    expect(edges[1]).not.toHaveAttribute('stroke-dasharray');
    expect(Number(edges[0].getAttribute('stroke-width'))).toBeGreaterThan(Number(edges[1].getAttribute('stroke-width')));
    expect(within(pages[1]).getByText('Dashed: personal ties')).toBeInTheDocument();

    // Contents: each chapter with the page it starts on.
    const contents = within(pages[2]).getAllByRole('listitem');
    expect(contents.map((li) => li.textContent)).toEqual(['Board dinner1', 'Directory3']);
    expect(pages[2]).toHaveTextContent('Page 3 of 3');
  });

  it('marks only draft chapters DRAFT', () => {
    render(<BriefPreview doc={doc} />);
    const pages = screen.getAllByTestId('brief-page');
    expect(within(pages[0]).getByTestId('brief-draft')).toHaveTextContent('DRAFT');
    expect(within(pages[1]).getByTestId('brief-draft')).toBeInTheDocument();
    expect(within(pages[2]).queryByTestId('brief-draft')).not.toBeInTheDocument();
  });

  it('shows user text as text, never as markup', () => {
    const { container } = render(<BriefPreview doc={doc} />);
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(screen.getByText('Oslo <b>HQ</b>')).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('dd b')).toBeNull();
  });
});
