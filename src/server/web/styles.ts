import { createHash } from 'node:crypto';

/**
 * The one stylesheet, inlined in every page (no extra request). Its hash goes in the
 * Content-Security-Policy, so no other style (nor any script) can run on a page.
 */
export const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
a{color:#0b57d0}a:hover{text-decoration:underline}
header.site{background:#18212f;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.site a{color:#fff;text-decoration:none}header.site .brand{font-weight:700;font-size:1.1rem}
header.site search{flex:1;min-width:14rem}header.site search form{display:flex;gap:.4rem}
header.site input[type=search]{flex:1;padding:.35rem .5rem;border-radius:4px;border:1px solid #8a94a6}
header.site .who{display:flex;gap:.6rem;align-items:center}
button,.button{background:#0b57d0;color:#fff;border:0;border-radius:4px;padding:.4rem .8rem;font:inherit;cursor:pointer}
button.link{background:none;color:#fff;text-decoration:underline;padding:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.25rem;margin:1.4rem 0 .5rem}h3{font-size:1.05rem;margin:1rem 0 .4rem}
.muted{color:#57606a}.small{font-size:.85rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:.8rem 0}
.cols{display:grid;grid-template-columns:minmax(0,1fr) 18rem;gap:1.2rem}.halves{display:grid;grid-template-columns:1fr 1fr;gap:1.2rem}.card>h2:first-child,.card>h3:first-child{margin-top:0}
@media (max-width:50rem){.cols,.halves{grid-template-columns:1fr}}
ul.results{list-style:none;padding:0;margin:0}ul.results li{padding:.6rem 0;border-bottom:1px solid #e5e7eb}
ul.results li:last-child{border-bottom:0}
.name{font-weight:600}
.badge{display:inline-block;border-radius:10px;padding:0 .5rem;font-size:.78rem;border:1px solid #8a94a6;color:#24292f;background:#eef1f4;margin-left:.3rem}
.badge.private{background:#fff1c2;border-color:#9a6700}.badge.deprecated,.badge.yanked,.badge.major{background:#ffe1de;border-color:#b3261e;color:#82071e}
.badge.minor{background:#fff1c2;border-color:#9a6700;color:#6b4700}.badge.patch{background:#dff3e4;border-color:#1a7f37;color:#0f5323}
.badge.tag{background:#ddf4ff;border-color:#0969da;color:#0a3069}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f0f2f5}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f0f2f5;padding:.6rem;overflow:auto;border-radius:4px}
.readme img{max-width:100%}.readme pre{white-space:pre-wrap}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
form.filters label{display:flex;flex-direction:column;font-size:.85rem}
form.filters input,form.filters select{padding:.3rem;font:inherit;border:1px solid #8a94a6;border-radius:4px}
.error{background:#ffebe9;border:1px solid #b3261e;border-radius:6px;padding:.8rem 1rem}.error p{margin:.2rem 0}h3 code{font-size:1rem}
nav.pages{display:flex;gap:1rem;margin:1rem 0}
.graph{overflow:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px;max-height:80vh}
.graph svg{display:block}
.graph text{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#1b1f24}
.graph .node rect{fill:#f0f5ff;stroke:#3d5a80;stroke-width:1.2}
.graph .node .task{font-weight:700}.graph .node .action{fill:#3b4452}
.graph .node .note{fill:#6b3f00}
.graph .start ellipse,.graph .end ellipse{fill:#18212f}.graph .start text,.graph .end text{fill:#fff}
.graph .command rect{fill:#fbe9e7;stroke:#b3261e}
.graph .edge path{fill:none;stroke:#57606a;stroke-width:1.3}
.graph .edge text{font-size:11px;fill:#3b4452}
.graph .edge rect{fill:#fff;opacity:.9}
.graph marker path{fill:#57606a}
.graph .added rect,.graph rect.added{fill:#dff3e4;stroke:#1a7f37;stroke-width:2}
.graph .removed rect{fill:#ffe1de;stroke:#b3261e;stroke-width:2;stroke-dasharray:5 3}
.graph .changed rect{fill:#fff1c2;stroke:#9a6700;stroke-width:2}
.graph .edge.added path{stroke:#1a7f37;stroke-width:2}.graph .edge.removed path{stroke:#b3261e;stroke-width:2;stroke-dasharray:5 3}
.graph .edge.changed path{stroke:#9a6700;stroke-width:2}
.graph .edge.added rect,.graph .edge.removed rect,.graph .edge.changed rect{fill:#fff;stroke:none;stroke-width:0}
.legend{display:flex;gap:1rem;font-size:.85rem;margin:.4rem 0}
.legend span::before{content:"";display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px;border:2px solid}
.legend .l-added::before{background:#dff3e4;border-color:#1a7f37}.legend .l-removed::before{background:#ffe1de;border-color:#b3261e;border-style:dashed}
.legend .l-changed::before{background:#fff1c2;border-color:#9a6700}
.diff-file summary{cursor:pointer;font-family:ui-monospace,monospace}
.diff-lines{margin:0}.diff-lines .add{background:#e6ffec;display:block}.diff-lines .del{background:#ffebe9;display:block}
.diff-lines .hunk{color:#57606a;display:block}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;margin:0}dl.facts dt{color:#57606a}dl.facts dd{margin:0;overflow-wrap:anywhere}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.3rem}
`
  .trim()
  .replaceAll('\n', '');

/** `'sha256-…'` of STYLES, for the Content-Security-Policy's style-src. */
export const STYLES_HASH = `'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`;
