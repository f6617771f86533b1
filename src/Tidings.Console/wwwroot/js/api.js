// The console's calls to its own JSON API under /console/api. Errors arrive in Google's shape and are thrown
// as Error objects carrying the server's message, so views can show it as it is.

const base = new URL('api/', new URL('./', document.baseURI)).pathname;

async function answer(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = body?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined));
  const response = await fetch(`${base}${path}?${query}`, { headers: { Accept: 'application/json' } });
  return answer(response);
}

// Changes carry X-Tidings-Console, which the server requires: a page of another site cannot send it without a
// CORS preflight the server never grants.
export async function post(path, body) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Tidings-Console': '1' },
    body: JSON.stringify(body),
  });
  return answer(response);
}
