/** Inline stylesheet of the report; no web fonts, so it works offline. */
export const reportStyle = `
body { margin: 0; background: #f5f6f8; color: #1f2329;
  font: 14px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; }
header { background: #20406a; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; opacity: .85; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid #dde1e6; }
nav a { margin-right: 16px; color: #20406a; text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 32px 48px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px;
  margin: 16px 0; padding: 16px 20px; }
h2 { font-size: 18px; margin: 0 0 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { flex: 1 1 150px; background: #f0f4f9; border-radius: 6px;
  padding: 10px 14px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .name { color: #5b6470; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #eceef1; padding: 6px 8px;
  text-align: left; vertical-align: top; }
th { background: #f7f8fa; font-weight: 600; }
td.number, th.number { text-align: right; white-space: nowrap; }
.muted { color: #7a828c; }
.chart svg { max-width: 100%; height: auto; }
`;
