import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { clearMocks } from '../ipc/testing';

afterEach(() => {
  cleanup();
  clearMocks();
});
