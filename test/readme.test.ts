import { repoPath } from '@passerelle/common';
import { readFileSync } from 'node:fs';
import { renderReadme } from '../tools/src/docs';

describe('README.md', () => {
  const readme = readFileSync(repoPath('README.md'), 'utf8');

  it('documents every environment variable with its default (run `npm run docs` when this fails)', () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  it('gives exactly the two set-up commands', () => {
    expect(readme).toContain('```sh\nnpm ci\nnpm start');
  });
});
