/** Rendering pieces of the web pages: the README sanitiser and the test-result summary. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReadme } from '../../src/server/web/markdown.js';
import { TestSummary } from '../../src/server/web/pages/test-summary.js';

const BASE = '/v1/packages/acme/x/1.0.0/files';

describe('renderReadme', () => {
  it('keeps Markdown and drops every way to script', () => {
    const html = renderReadme(
      [
        '# Title',
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:x) [d](data:text/html,<b>x</b>)',
        '![e](javascript:alert(1)) ![f](data:image/svg+xml,<svg onload=alert(1)>)',
        '<iframe src="https://evil.example"></iframe> <style>*{}</style> <svg onload=alert(1)></svg>',
        '[ok](https://example.org) **bold**',
      ].join('\n\n'),
      BASE,
    );
    assert.match(html, /<h2>Title<\/h2>/, 'headings move one level down');
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<a href="https:\/\/example.org" rel="nofollow noopener noreferrer ugc">ok<\/a>/);
    assert.doesNotMatch(html, /<(script|iframe|style|svg)/i);
    assert.doesNotMatch(html, /<[^>]*\son\w+=/i);
    assert.doesNotMatch(html, /(href|src)="(javascript|vbscript|data):/i);
    assert.match(html, /&lt;script&gt;/, 'raw HTML is shown as text');
  });

  it('points links and images inside the package at its files, never outside it', () => {
    const html = renderReadme(
      '[run](docs/run%20book.md) ![d](./img/a.png) [up](../secret) [abs](/v1/x)',
      BASE,
    );
    assert.match(html, /href="\/v1\/packages\/acme\/x\/1\.0\.0\/files\/docs\/run%20book\.md"/);
    assert.match(html, /src="\/v1\/packages\/acme\/x\/1\.0\.0\/files\/img\/a\.png"/);
    assert.match(html, /href="\.\.\/secret"/);
    assert.match(html, /href="\/v1\/x"/);
  });
});

describe('TestSummary', () => {
  it('shows counts, cases, or the document itself', () => {
    const counts = String(TestSummary({ tests: { passed: 3, failed: 1, total: 4 } }));
    assert.match(counts, /3 passed, 1 failed of 4/);
    assert.match(counts, /failing/);
    const cases = String(TestSummary({ tests: { cases: [{ name: 'full disk', status: 'passed' }] } }));
    assert.match(cases, /full disk: passed/);
    const other = String(TestSummary({ tests: { verdict: 'ok' } }));
    assert.match(other, /verdict/);
  });
});
