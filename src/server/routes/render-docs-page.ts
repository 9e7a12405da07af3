import { serverMessages } from '../server-messages.ts';

/**
 * Renders the /docs page: a self-contained HTML page whose script reads
 * /openapi.json and lists every endpoint with its summary, parameters
 * and responses. It loads nothing from other hosts.
 */
export function renderDocsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${serverMessages.docsTitle}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}
.op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}
.method{display:inline-block;font-weight:700;min-width:4rem;text-transform:uppercase}
code{background:#f4f4f4;padding:0 .25rem}
.muted{color:#666}
</style></head>
<body><h1>${serverMessages.docsTitle}</h1>
<p class="muted">Generated from <a href="/openapi.json">/openapi.json</a>.</p>
<div id="operations"></div>
<script>
const target = document.getElementById('operations');
function add(parent, tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  parent.appendChild(node);
  return node;
}
fetch('/openapi.json').then((response) => response.json()).then((spec) => {
  for (const [path, operations] of Object.entries(spec.paths || {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const box = add(target, 'div', undefined, 'op');
      const title = add(box, 'div');
      add(title, 'span', method, 'method');
      add(title, 'code', path);
      add(box, 'div', operation.summary || '');
      const parameters = (operation.parameters || [])
        .map((parameter) => parameter.name + ' (' + parameter.in + ')');
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body && body.properties) {
        parameters.push('body: ' + Object.keys(body.properties).join(', '));
      }
      if (parameters.length) add(box, 'div', parameters.join('; '), 'muted');
      const responses = Object.entries(operation.responses || {})
        .map(([status, response]) => status + ' ' + (response.description || ''));
      add(box, 'div', responses.join(' | '), 'muted');
    }
  }
}).catch((error) => add(target, 'p', 'Cannot load /openapi.json: ' + error));
</script></body></html>`;
}
