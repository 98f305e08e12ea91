import { formatNumber } from '../rules/index.js';
import { html, Html } from './html.js';
import { DASHBOARD_PATH } from './public-url.js';

/** Everything the pages need to look right on a phone and on a desk: no external file, no script. */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;background:#f4f6f9}
header{background:#0b4f8a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
header a{color:#fff}
header .brand{font-weight:700;text-decoration:none;margin-right:auto}
header nav{display:flex;gap:1rem;flex-wrap:wrap}
header form{margin:0}
header button{background:transparent;border:1px solid #fff;color:#fff;border-radius:4px;padding:.15rem .6rem;font:inherit;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.muted{color:#5b6675;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.6rem}
.card{background:#fff;border-radius:8px;padding:.7rem .9rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card .n{font-size:1.5rem;font-weight:700}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem;align-items:start}
.panel{background:#fff;border-radius:8px;padding:.8rem 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid #e3e7ee;text-align:left;vertical-align:top}
th{background:#eef2f7;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
tr.low td{background:#fff4f2}
.chart{width:100%;height:auto;display:block}
.chart rect{fill:#1f77b4}
.chart text{font-size:13px;fill:#1c2430}
.chart text.v{fill:#3a4452}
.badge{display:inline-block;border-radius:10px;padding:0 .5rem;font-size:.85rem;background:#e3e7ee;white-space:nowrap}
.badge.approved{background:#dff3e4}.badge.pending{background:#fff1cc}.badge.rejected,.badge.cancelled{background:#f6dede}.badge.returned{background:#e4ecfb}
form.year{display:flex;gap:.4rem;align-items:center;margin:.2rem 0 1rem}
form.year select,form.year button{font:inherit;padding:.2rem .4rem}
ul.downloads li{margin:.4rem 0}
.message{max-width:560px;margin:3rem auto;background:#fff;border-radius:8px;padding:1.2rem 1.4rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
@media (max-width:600px){body{font-size:15px}main{padding:.6rem}th,td{padding:.4rem}.hide-sm{display:none}}
`;

export interface PageContext {
  /** The signed-in viewer's name; no navigation when undefined (sign-in and refusal pages). */
  viewerName?: string;
  year?: number;
}

export const fmt = (n: number): string => formatNumber(n, 'id');

/** A dashboard path with the year kept (`?tahun=`). */
export function href(path: string, year?: number): string {
  return `${DASHBOARD_PATH}${path}${year !== undefined ? `?tahun=${year}` : ''}`;
}

export function page(title: string, body: Html, ctx: PageContext = {}): string {
  const nav = ctx.viewerName
    ? html`<nav><a href="${href('', ctx.year)}">Ringkasan</a><a href="${href('/unduh', ctx.year)}">Unduhan</a></nav>
        <span class="muted" style="color:#d7e6f5">${ctx.viewerName}</span>
        <form method="post" action="${DASHBOARD_PATH}/keluar"><button type="submit">Keluar</button></form>`
    : '';
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} — Dasbor Bangkom</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<header><a class="brand" href="${href('', ctx.year)}">Dasbor Bangkom</a>${nav}</header>
<main data-ready="1">${body}</main>
</body>
</html>
`.markup;
}

/** A page that says one thing (a refused link, no access) and shows nothing else. */
export function messagePage(title: string, lines: string[]): string {
  return page(title, html`<div class="message"><h1>${title}</h1>${lines.map((l) => html`<p>${l}</p>`)}</div>`);
}

/** The year picker: the years with data, and this one. */
export function yearForm(action: string, year: number, years: number[]): Html {
  const options = [...new Set([...years, year])].sort((a, b) => b - a);
  return html`<form class="year" method="get" action="${action}"><label for="tahun">Tahun</label>
    <select id="tahun" name="tahun">${options.map((y) => html`<option value="${y}"${y === year ? new Html(' selected') : ''}>${y}</option>`)}</select>
    <button type="submit">Tampilkan</button></form>`;
}
