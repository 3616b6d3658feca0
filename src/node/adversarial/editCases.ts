import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addFilesToClass,
  moveToClass,
  removeFiles,
  renameClass,
} from '../services/dataset/datasetEdits.js';

// ---------------------------------------------------------------------------------------------
// Dataset edits with hostile names: each runs on its own copy of a small dataset, and must be
// refused with nothing changed (or, where the name is harmless, do exactly the edit).

export interface EditCase {
  name: string;
  run: (dataset: string, outside: string) => Promise<unknown>;
  expect: string;
}

const rename = (to: string) => (dataset: string) => renameClass(dataset, 'cats', to);
const move =
  (path: string, to = 'dogs') =>
  (dataset: string) =>
    moveToClass(dataset, path, to);

export const EDIT_CASES: EditCase[] = [
  { name: 'rename a class to ".."', run: rename('..'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "."', run: rename('.'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to ""', run: rename(''), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "   "', run: rename('   '), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a/b"', run: rename('a/b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "../x"', run: rename('../x'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a\\b"', run: rename('a\\b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a\\0b"', run: rename('a\0b'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to a newline', run: rename('a\nb'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'rename a class to 300 chars',
    run: rename('x'.repeat(300)),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'rename a class to ".hidden"',
    run: rename('.hidden'),
    expect: 'refused INVALID_ARGUMENT',
  },
  { name: 'rename a class to "CON"', run: rename('CON'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'rename a class to "a:b"', run: rename('a:b'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'rename a class to "lions  " (trailing spaces are trimmed)',
    run: rename('lions  '),
    expect: 'ok: +lions, lions/a.png -cats, cats/a.png',
  },
  {
    name: 'rename the class ".." (not a class)',
    run: (dataset) => renameClass(dataset, '..', 'x'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'rename the class "cats/../../x"',
    run: (dataset) => renameClass(dataset, 'cats/../..', 'x'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move an image to class ".."',
    run: move('cats/a.png', '..'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move an image to class "/tmp"',
    run: move('cats/a.png', '/tmp'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move "../outside.png"',
    run: move('../outside.png'),
    expect: 'refused INVALID_ARGUMENT',
  },
  { name: 'move "/etc/passwd"', run: move('/etc/passwd'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'move "cats/./a.png"', run: move('cats/./a.png'), expect: 'refused INVALID_ARGUMENT' },
  { name: 'move "cats//a.png"', run: move('cats//a.png'), expect: 'refused INVALID_ARGUMENT' },
  {
    name: 'move "cats/a.png\\0.jpg"',
    run: move('cats/a.png\0.jpg'),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'move a file that is not there',
    run: move('cats/nope.png'),
    expect: 'refused NOT_FOUND',
  },
  {
    name: 'move through a class link to outside',
    run: async (dataset, outside) => {
      await symlink(outside, join(dataset, 'sneaky'), 'dir');
      return moveToClass(dataset, 'sneaky/victim.png', 'dogs');
    },
    expect: 'refused FORBIDDEN',
  },
  {
    name: 'add images to class "../escape"',
    run: (dataset, outside) => addFilesToClass(dataset, '../escape', [join(outside, 'victim.png')]),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'add images to a class that is a link to outside',
    run: async (dataset, outside) => {
      await symlink(outside, join(dataset, 'linked'), 'dir');
      return addFilesToClass(dataset, 'linked', [join(dataset, 'cats', 'a.png')]);
    },
    expect: 'refused FORBIDDEN',
  },
  {
    name: 'remove "../outside/victim.png"',
    run: (dataset, outside) =>
      removeFiles(dataset, ['../outside/victim.png'], join(outside, '..', 'trash')),
    expect: 'refused INVALID_ARGUMENT',
  },
  {
    name: 'remove the dataset itself (".")',
    run: (dataset, outside) => removeFiles(dataset, ['.'], join(outside, '..', 'trash')),
    expect: 'refused INVALID_ARGUMENT',
  },
];
