import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * README rendering, safe by construction twice over: markdown-it with raw HTML off (a package's
 * `<script>` or `<img onerror>` becomes text) and its own link check (no `javascript:`, `vbscript:`,
 * `data:` links), then sanitize-html with an allow-list of tags, attributes and URL schemes on the
 * result. The page's Content-Security-Policy forbids script besides.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SHIFT: Record<string, string> = { h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6', h6: 'h6' };

/** A URL that stays inside the package: no scheme, no leading slash, no `..` out of it. */
function packagePath(url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) return undefined;
  const path = url.replace(/^\.\//, '').split(/[?#]/)[0]!;
  if (path === '' || path.split('/').includes('..')) return undefined;
  return path;
}

/**
 * The README as safe HTML. `filesBase` (the registry's files route of this version) turns links
 * and images that point inside the package into links to those files. Headings move one level
 * down, under the page's own title.
 */
export function renderReadme(text: string, filesBase: string): string {
  const inside = (url: string) => {
    const path = packagePath(url);
    // markdown-it has already percent-encoded the URL; the files route decodes it once.
    return path === undefined ? url : `${filesBase}/${path}`;
  };
  return sanitizeHtml(markdown.render(text), {
    allowedTags: [
      ...['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 's'],
      ...['ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title'],
      th: ['align'],
      td: ['align'],
      ol: ['start'],
      code: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: {
      ...Object.fromEntries(
        Object.entries(SHIFT).map(([from, to]) => [from, sanitizeHtml.simpleTransform(to, {})]),
      ),
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, href: inside(attribs.href ?? ''), rel: 'nofollow noopener noreferrer ugc' },
      }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: inside(attribs.src ?? '') } }),
    },
  });
}
