import { escapeHtml } from '../azure-replica/markup/html';

/**
 * The pages of the double's sign-in, worded as Microsoft's sign-in shows them (login.microsoftonline.com): the
 * account, the password, "Stay signed in?", the permissions requested, "Need admin approval", the error page, and
 * the form_post answer that carries the code back to the app's loopback.
 */

const STYLE = `body{font-family:"Segoe UI",sans-serif;background:#f2f2f2;margin:0}main{max-width:440px;margin:60px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 16px}label{display:block;margin:12px 0 4px}input[type=text],input[type=email],input[type=password]{width:100%;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:1rem}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}button{min-width:108px;padding:6px 12px;font-size:.95rem}button.primary{background:#0067b8;color:#fff;border:1px solid #0067b8}
.error{color:#e81123}.small{font-size:.8rem;color:#555}ul{padding-left:20px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
<div class="small">Microsoft</div>${body}</main></body></html>`;
}

function form(action: string, txn: string, inner: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="txn" value="${escapeHtml(txn)}">${inner}</form>`;
}

export function accountPage(action: string, txn: string, error?: string): string {
  return page(
    'Sign in to your account',
    `<h1>Sign in</h1>${form(
      action,
      txn,
      `<input type="hidden" name="step" value="account"><label for="i0116">Email, phone, or Skype</label>
<input id="i0116" type="email" name="loginfmt" autocomplete="username" required>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<div class="buttons"><button class="primary" type="submit">Next</button></div>`,
    )}`,
  );
}

export function passwordPage(action: string, txn: string, account: string, error?: string): string {
  return page(
    'Sign in to your account',
    `<p>${escapeHtml(account)}</p><h1>Enter password</h1>${form(
      action,
      txn,
      `<input type="hidden" name="step" value="password"><label for="i0118">Password</label>
<input id="i0118" type="password" name="passwd" autocomplete="current-password" required>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<div class="buttons"><button class="primary" type="submit">Sign in</button></div>`,
    )}`,
  );
}

export function staySignedInPage(action: string, txn: string, account: string): string {
  return page(
    'Sign in to your account',
    `<p>${escapeHtml(account)}</p><h1>Stay signed in?</h1><p>Do this to reduce the number of times you are asked to sign in.</p>${form(
      action,
      txn,
      `<input type="hidden" name="step" value="kmsi"><div class="buttons"><button type="submit" name="kmsi" value="no">No</button><button class="primary" type="submit" name="kmsi" value="yes">Yes</button></div>`,
    )}`,
  );
}

export function consentPage(action: string, txn: string, input: { account: string; clientName: string; permissions: string[]; canConsentForOrganization: boolean }): string {
  const items = [...input.permissions, 'Maintain access to data you have given it access to', 'View your basic profile'].map((p) => `<li>${escapeHtml(p)}</li>`).join('');
  return page(
    'Permissions requested',
    `<p>${escapeHtml(input.account)}</p><h1>Permissions requested</h1><p><strong>${escapeHtml(input.clientName)}</strong></p><p>This app would like to:</p><ul>${items}</ul>${form(
      action,
      txn,
      `<input type="hidden" name="step" value="consent">${
        input.canConsentForOrganization
          ? '<label><input type="checkbox" name="organization" value="yes"> Consent on behalf of your organization</label>'
          : ''
      }<p class="small">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<div class="buttons"><button type="submit" name="answer" value="cancel">Cancel</button><button class="primary" type="submit" name="answer" value="accept">Accept</button></div>`,
    )}`,
  );
}

export function needAdminApprovalPage(action: string, txn: string, clientName: string): string {
  return page(
    'Need admin approval',
    `<h1>Need admin approval</h1><p><strong>${escapeHtml(clientName)}</strong></p><p>${escapeHtml(clientName)} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>${form(
      action,
      txn,
      `<input type="hidden" name="step" value="no-consent"><div class="buttons"><button type="submit">Return to the application without granting consent</button></div>`,
    )}`,
  );
}

export function errorPage(code: number, message: string): string {
  return page('Sign in to your account', `<h1>Sorry, but we’re having trouble signing you in.</h1><p class="error" role="alert">AADSTS${code}: ${escapeHtml(message)}</p>`);
}

/** response_mode=form_post: the answer goes back to the redirect URI as an auto-submitted form. */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form><script>document.forms[0].submit();</script></body></html>`;
}
