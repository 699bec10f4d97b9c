import type { ReactNode } from 'react';
import type { Block, Chapter, Document } from '../ipc';
import { formatDate } from '../lib/format';
import { BriefMap } from './BriefMap';
import './brief.css';

type Page = { chapter: Chapter; chapterIndex: number; blocks: Block[]; number: number };

/** The chapters cut into pages at each page break; pages are numbered from 1. */
export function paginate(doc: Document): Page[] {
  const pages: Page[] = [];
  doc.chapters.forEach((chapter, chapterIndex) => {
    let blocks: Block[] = [];
    const flush = () => {
      pages.push({ chapter, chapterIndex, blocks, number: pages.length + 1 });
      blocks = [];
    };
    for (const block of chapter.blocks) {
      if (block.type === 'page_break') flush();
      else blocks.push(block);
    }
    flush();
  });
  return pages;
}

/**
 * The brief as the PDF lays it out, drawn as HTML pages: the same document
 * model the PDF engine renders. Every string is user data and goes in as
 * text. Chapters of a meeting that is not approved carry a DRAFT mark.
 */
export function BriefPreview({ doc, compact = false }: { doc: Document; compact?: boolean }) {
  const pages = paginate(doc);
  const startPage = new Map<number, number>();
  for (const page of pages) if (!startPage.has(page.chapterIndex)) startPage.set(page.chapterIndex, page.number);
  const contents = doc.chapters
    .map((chapter, index) => ({ chapter, page: startPage.get(index) ?? 0 }))
    .filter(({ chapter }) => chapter.in_contents);
  const generated = formatDate(doc.generated);

  return (
    <div
      className={compact ? 'brief-preview brief-compact' : 'brief-preview'}
      data-testid="brief-preview"
      role="document"
      aria-label={doc.title}
    >
      {pages.map((page) => (
        <article
          key={page.number}
          className={page.chapter.draft ? 'brief-page brief-page-draft' : 'brief-page'}
          data-testid="brief-page"
          // The DRAFT mark is cut at the page's edge on purpose, as on paper.
          data-clips="watermark"
          aria-label={`Page ${page.number}: ${page.chapter.title}`}
        >
          {page.chapter.draft && (
            <div className="brief-watermark" data-testid="brief-draft" aria-label="Draft: not approved">
              DRAFT
            </div>
          )}
          <header className="brief-running">
            <span>{page.chapter.title}</span>
            <span>Confidential · generated {generated}</span>
          </header>
          <div className="brief-body">
            {page.blocks.map((block, index) => (
              <BriefBlock key={index} block={block} contents={contents} />
            ))}
          </div>
          <footer className="brief-folio">
            Page {page.number} of {pages.length}
          </footer>
        </article>
      ))}
    </div>
  );
}

function BriefBlock({ block, contents }: { block: Block; contents: { chapter: Chapter; page: number }[] }): ReactNode {
  switch (block.type) {
    case 'title':
      return (
        <div className="brief-title">
          <h2>{block.text}</h2>
          {block.subtitle && <p>{block.subtitle}</p>}
        </div>
      );
    case 'heading':
      return <h3 className="brief-heading">{block.text}</h3>;
    case 'paragraph':
      return (
        <p className="brief-paragraph">
          {block.spans.map((span, i) => (span.strong ? <strong key={i}>{span.text}</strong> : <span key={i}>{span.text}</span>))}
        </p>
      );
    case 'note':
      return <p className="brief-note">{block.text}</p>;
    case 'facts':
      return (
        <dl className="brief-facts">
          {block.rows.map((row, i) => (
            <div key={i} className="brief-fact">
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'bullets':
      return (
        <ul className="brief-bullets">
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'checklist':
      return (
        <ul className="brief-checklist">
          {block.items.map((item, i) => (
            <li key={i}>
              <span className="brief-box" aria-hidden="true">
                ☐
              </span>
              {item}
            </li>
          ))}
        </ul>
      );
    case 'callout':
      return (
        <aside className="brief-callout">
          <p className="brief-callout-title">{block.title}</p>
          <ul>
            {block.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </aside>
      );
    case 'table': {
      // A width Rust could not send (NaN) counts as one share.
      const share = (width: number | null) => (width !== null && width > 0 ? width : 1);
      const total = block.columns.reduce((sum, c) => sum + share(c.width), 0) || 1;
      return (
        <table className="brief-table">
          <colgroup>
            {block.columns.map((c, i) => (
              <col key={i} width={`${((share(c.width) / total) * 100).toFixed(2)}%`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {block.columns.map((c, i) => (
                <th key={i} scope="col" className={c.align === 'right' ? 'brief-right' : undefined}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c} className={block.columns[c]?.align === 'right' ? 'brief-right' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'map':
      return <BriefMap figure={block} />;
    case 'contents':
      return (
        <ol className="brief-contents">
          {contents.map(({ chapter, page }, i) => (
            <li key={i}>
              <span>{chapter.title}</span>
              <span className="brief-contents-dots" aria-hidden="true" />
              <span>{page}</span>
            </li>
          ))}
        </ol>
      );
    case 'page_break':
      return null;
    default:
      return null;
  }
}
