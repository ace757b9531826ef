// The admin API (/plugins/servlet/oidc-sso/admin/api/...), the only thing the UI talks to. Changes
// carry JSON and X-Atlassian-Token: no-check, the API's XSRF rule. Without a websudo session (or a
// session at all) the browser goes back to the entry page, which sends it through the product's
// websudo or login page and back.

const base = document.body.dataset.api;
const entry = document.body.dataset.entry;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.error)) || 'the server answered ' + status);
    this.status = status;
    this.body = body || {};
  }
}

export async function call(method, endpoint, payload) {
  const init = {method, credentials: 'same-origin', headers: {Accept: 'application/json'}};
  if (method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-Atlassian-Token'] = 'no-check';
    init.body = JSON.stringify(payload === undefined ? {} : payload);
  }
  let response;
  try {
    response = await fetch(base + endpoint, init);
  } catch (e) {
    throw new ApiError(0, {error: 'network', message: 'The server could not be reached: ' + e.message});
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = {error: 'not_json', message: 'The server answered ' + response.status + ' without JSON.'};
  }
  if (response.status === 401) {
    // Websudo expired or the session ended: the entry page asks for the password again. Once: if
    // the API still says 401 right after, saying so beats a reload loop.
    const last = Number(window.sessionStorage.getItem('oidcsso-admin-reauth') || 0);
    if (Date.now() - last > 10000) {
      window.sessionStorage.setItem('oidcsso-admin-reauth', String(Date.now()));
      window.location.assign(entry);
    }
    throw new ApiError(401, body || {message: 'The admin API asks you to sign in again.'});
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return {body, headers: response.headers, text};
}

export const get = (endpoint) => call('GET', endpoint);
export const post = (endpoint, payload) => call('POST', endpoint, payload);
export const put = (endpoint, payload) => call('PUT', endpoint, payload);
export const del = (endpoint, payload) => call('DELETE', endpoint, payload);
