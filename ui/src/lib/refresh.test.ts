import { QueryClient } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { emitBookChanged, mockCommands } from '../ipc/testing';
import { EVERY_ENTITY, refresh, refreshKeys, useBookChanged } from './refresh';

const hashes = (keys: readonly (readonly unknown[])[]) => keys.map((k) => JSON.stringify(k)).sort();

describe('refresh map', () => {
  it('turns an account change into that account’s views and the lists that show it', () => {
    const keys = hashes(refreshKeys({ entities: ['connection'], account_ids: ['a1'] }));
    expect(keys).toEqual(
      hashes([['account', 'a1'], ['accounts'], ['care', 'a1'], ['today'], ['portfolio'], ['trash']]),
    );
  });

  it('refreshes every account when the change does not name one, and everything for a kind it does not know', () => {
    expect(hashes(refreshKeys({ entities: ['story'] }))).toContain(JSON.stringify(['care']));
    expect(hashes(refreshKeys({ entities: ['blueprint_goal'], account_ids: ['a1'] }))).toContain(
      JSON.stringify(['blueprints']),
    );
    expect(refreshKeys({ entities: ['some_new_table'] })).toContainEqual([]);
  });

  it('covers what the trash page refreshed by hand before', () => {
    const keys = hashes(refreshKeys({ entities: EVERY_ENTITY }));
    for (const root of ['trash', 'accounts', 'account', 'people', 'search', 'meetings', 'blueprints', 'feedback', 'stories', 'care', 'today', 'portfolio']) {
      expect(keys).toContain(JSON.stringify([root]));
    }
  });

  it('does not ask again for what the write already answered', async () => {
    const client = new QueryClient();
    client.setQueryData(['blueprints', 'view', 'b1'], 'fresh');
    client.setQueryData(['blueprints', 'list', 'a1'], 'old');
    await refresh(client, { entities: ['blueprint'], account_ids: ['a1'] }, [['blueprints', 'view', 'b1']]);
    expect(client.getQueryState(['blueprints', 'view', 'b1'])?.isInvalidated).toBe(false);
    expect(client.getQueryState(['blueprints', 'list', 'a1'])?.isInvalidated).toBe(true);
  });
});

describe('book-changed', () => {
  afterEach(() => undefined);

  it('refreshes what the core says changed', async () => {
    mockCommands({});
    const client = new QueryClient();
    client.setQueryData(['meetings', 'list', {}], []);
    client.setQueryData(['account', 'a1'], {});
    const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client }, children);
    renderHook(() => useBookChanged(), { wrapper });
    await waitFor(async () => {
      await emitBookChanged({ entities: ['meeting_attendee'], account_ids: ['a1'] });
      expect(client.getQueryState(['meetings', 'list', {}])?.isInvalidated).toBe(true);
    });
    expect(client.getQueryState(['account', 'a1'])?.isInvalidated).toBe(false);
  });
});
