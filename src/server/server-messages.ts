/** User-facing strings of the HTTP server, in one table. */
export const serverMessages = {
  invalidJson:
    'the request body is not valid JSON. Send a JSON object with ' +
    'Content-Type: application/json.',
  internalError:
    'the server failed to handle the request. The error is in the ' +
    'server log; try again or report it.',
  bodyTooLarge: (limit: number) =>
    `the request body is larger than ${limit} bytes. Send fewer appeals ` +
    'per request or raise bodyLimitBytes in the server config.',
  unknownRoute: (method: string, path: string) =>
    `no API endpoint ${method} ${path}. See /docs for the list of ` +
    'endpoints.',
  notSignedIn:
    'not signed in: send the hotline_session cookie from POST ' +
    '/api/auth/login, or an API token as Authorization: Bearer TOKEN.',
  invalidToken:
    'the API token is not valid. Ask an admin for a token from POST ' +
    '/api/tokens.',
  wrongLogin:
    'the username or password is wrong. Check both and try again.',
  webMissingTitle: 'hotline: browser app not built',
  webMissing:
    'The browser app is not built. Run npm run build:web, then restart ' +
    'hotline serve. The HTTP API is available under /api; see /docs.',
  docsTitle: 'hotline API',
} as const;
