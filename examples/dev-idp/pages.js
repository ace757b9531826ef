// HTML pages of the dev IdP. Every dynamic value goes through `escapeHtml`; no external
// resources (the test browsers have no network) and no inline scripts.

export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:360px;margin:64px auto;background:#fff;padding:24px 32px;border-radius:4px;
box-shadow:0 1px 3px rgba(0,0,0,.2)}h1{font-size:1.4em;font-weight:500}
label{display:block;margin:12px 0 4px}input{width:100%;box-sizing:border-box;padding:6px}
button{margin-top:16px;padding:8px 16px}.error{color:#b00;font-weight:600}
.hint{color:#555;font-size:.85em}code{background:#eee;padding:0 3px}`;

/** A complete HTML document; `bodyHtml` must already be escaped. */
export function layout(title, bodyHtml) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Dev IdP</title><style>${STYLE}</style></head>
<body><main>${bodyHtml}</main></body></html>`;
}

/** The sign-in form of a login interaction. */
export function loginPage({ uid, clientName, username, error }) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const abort = `/interaction/${encodeURIComponent(uid)}/abort`;
  const errorHtml = error ? `<p class="error" id="login-error" role="alert">${escapeHtml(error)}</p>` : '';
  return layout('Sign in', `<h1>Sign in to ${escapeHtml(clientName)}</h1>
${errorHtml}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="username">Username</label>
<input id="username" name="username" required autofocus value="${escapeHtml(username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button id="sign-in" type="submit">Sign in</button>
</form>
<p><a id="cancel" href="${escapeHtml(abort)}">Cancel</a></p>
<p class="hint">Dev IdP demo users: <code>alice</code>, <code>bob</code>, <code>carol</code>,
<code>local</code> (password = username).</p>`);
}

/** The error page of the OP itself (oidc-provider's `renderError`). */
export function errorPage(out) {
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd id="${escapeHtml(key)}">${escapeHtml(value)}</dd>`)
    .join('');
  return layout('Error', `<h1>Something went wrong</h1><dl>${rows}</dl>`);
}

/** oidc-provider's `features.rpInitiatedLogout.logoutSource`: `form` is its own safe markup. */
export function logoutPage(form, host) {
  return layout('Sign out', `<h1>Sign out of ${escapeHtml(host)}?</h1>${form}
<button id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button id="logout-no" type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

export function logoutSuccessPage(clientName) {
  const suffix = clientName ? ` of ${escapeHtml(clientName)}` : '';
  return layout('Signed out', `<h1>Signed out</h1><p>You have signed out${suffix}.</p>`);
}
