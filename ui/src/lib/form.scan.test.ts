// Every form in the app is written one way: rendered through `<Form>` with
// the state `useForm` returns (lib/form.tsx). This scan fails when a `<form>`
// element is written anywhere else, or when a file renders `<Form` without
// calling the hook (the form's messages would then have nowhere to go).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx$/.test(entry.name) && !/\.test\.tsx$/.test(entry.name) ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({
  file: relative(SRC, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

/**
 * Files whose forms still write `<form>` themselves, each with the error
 * plumbing it has instead. The list may only shrink: a file that no longer
 * needs its entry fails the test until the entry goes.
 */
const NOT_YET_ON_THE_HOOK: readonly string[] = [];

describe('one way to write a form', () => {
  it('finds the app’s sources', () => {
    expect(files.some((f) => f.file === 'lib/form.tsx')).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  it('writes the <form> element only in lib/form.tsx', () => {
    const raw = files.filter((f) => f.file !== 'lib/form.tsx' && /<form[\s>]/.test(f.text)).map((f) => f.file);
    expect(raw.filter((f) => !NOT_YET_ON_THE_HOOK.includes(f))).toEqual([]);
    // Moved onto the hook: take it off the list.
    expect(NOT_YET_ON_THE_HOOK.filter((f) => !raw.includes(f))).toEqual([]);
  });

  it('has moved every form this list once named onto the hook', () => {
    const moved = [
      'accounts/AccountForm.tsx',
      'account/DetailsForm.tsx',
      'meetings/MeetingForm.tsx',
      'meetings/gate.tsx',
      'screens/CreateVault.tsx',
      'screens/RestoreBackup.tsx',
      'import/ImportPage.tsx',
      'care/FeedbackPanel.tsx',
      'meetings/PackExport.tsx',
      'blueprint/ApprovePanel.tsx',
      'blueprint/FramePanel.tsx',
      'blueprint/PeoplePanel.tsx',
      'blueprint/TrackPanel.tsx',
    ];
    const off = moved.filter((file) => {
      const text = files.find((f) => f.file === file)?.text ?? '';
      return !/\buseForm\(/.test(text);
    });
    expect(off).toEqual([]);
  });

  it('renders <Form> only where useForm gives it its state', () => {
    const orphans = files
      .filter((f) => f.file !== 'lib/form.tsx' && /<Form[\s>]/.test(f.text) && !/\buse(Form|FieldErrors)\(/.test(f.text))
      .map((f) => f.file);
    expect(orphans).toEqual([]);
  });
});
