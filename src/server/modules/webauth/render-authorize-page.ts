import type { AccountsTable, OauthScope, UsersTable } from '../../db/schema.ts';
import type { AuthorizeCheck } from './check-authorize-request.ts';

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Helvetica Neue",sans-serif;background:#ededed;margin:0;color:#111}
main{max-width:480px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:8px;padding:20px;margin-bottom:16px}
h1{font-size:20px;margin:0 0 12px}
.muted{color:#888;font-size:14px}
.code{font-size:32px;font-weight:600;color:#fa5151}
ul.checks{padding-left:0;list-style:none}
ul.checks li{margin:6px 0}
ul.checks li.fail{color:#fa5151;font-weight:600}
button{display:block;width:100%;padding:12px;border:0;border-radius:8px;font-size:17px;margin-top:12px}
button.primary{background:#07c160;color:#fff}
button.secondary{background:#f2f2f2;color:#07c160}
label.user{display:flex;align-items:center;gap:8px;padding:6px 0}
code{word-break:break-all}
</style></head><body><main>${body}</main></body></html>`;
}

/**
 * WeChat's refusal page with the rule that failed spelled out: the errcode
 * WeChat shows, the message, and every check in order (passed ones too).
 */
export function renderAuthorizeError(input: {
  errcode: number;
  message: string;
  checks: AuthorizeCheck[];
  url: string;
}): string {
  const items = input.checks
    .map(
      (c) => `<li class="${c.passed ? 'pass' : 'fail'}">${c.passed ? '✓' : '✗'} ${escapeHtml(c.rule)}</li>`,
    )
    .join('');
  return page(
    `错误 ${input.errcode}`,
    `<div class="card"><h1>网页授权失败 · Authorization refused</h1>
<p class="code">${input.errcode}</p>
<p data-testid="reason">${escapeHtml(input.message)}</p>
<ul class="checks">${items}</ul>
<p class="muted">The link: <code>${escapeHtml(input.url)}</code></p>
<p class="muted">Authorised domains are set with PUT /gz/v1/accounts/:appid/oauth-domains; in sandbox mode localhost and 127.0.0.1 work with any port.</p></div>`,
  );
}

/**
 * The page a user sees on an authorize link: pick the simulated user (or
 * confirm the preselected one), and for snsapi_userinfo the consent screen
 * naming what the account will read. The form posts back to the same URL.
 */
export function renderAuthorizeForm(input: {
  account: AccountsTable;
  scope: OauthScope;
  redirectHost: string;
  action: string;
  /** The picker's users; with selectedUserId, that one user (for its nickname). */
  users: Pick<UsersTable, 'id' | 'nickname'>[];
  selectedUserId: string | null;
}): string {
  const { account, scope } = input;
  const userinfo = scope === 'snsapi_userinfo';
  const options = input.users
    .map(
      (u, i) =>
        `<label class="user"><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${
          (input.selectedUserId ? u.id === input.selectedUserId : i === 0) ? ' checked' : ''
        }> ${escapeHtml(u.nickname)} <span class="muted">${escapeHtml(u.id)}</span></label>`,
    )
    .join('');
  // With the user known (as_user: inside the follower client), WeChat's page shows who is consenting.
  const known = input.users.find((u) => u.id === input.selectedUserId);
  const picker = input.selectedUserId
    ? `<input type="hidden" name="user_id" value="${escapeHtml(input.selectedUserId)}">${
        known
          ? `<p class="as-user" data-testid="as-user">你的身份 · You: <strong>${escapeHtml(known.nickname)}</strong></p>`
          : ''
      }`
    : `<p class="muted">Which simulated user are you? (add <code>as_user=&lt;user_id&gt;</code> to skip this)</p>${
        options || '<p>No users yet: create one with POST /gz/v1/users.</p>'
      }<label class="user">Other user id: <input type="text" name="other_user_id" autocomplete="off"></label>`;
  const consent = userinfo
    ? `<p><strong>${escapeHtml(account.name)}</strong> 申请获得以下权限 · asks for:</p>
<ul><li>获得你的公开信息（昵称、头像）· your nickname and profile photo</li></ul>`
    : `<p><strong>${escapeHtml(account.name)}</strong> will learn your openid (snsapi_base; WeChat does this silently).</p>`;
  return page(
    `${account.name} · 网页授权`,
    `<form class="card" method="post" action="${escapeHtml(input.action)}">
<h1>${escapeHtml(account.name)}</h1>
<p class="muted">redirects to ${escapeHtml(input.redirectHost)} · scope ${escapeHtml(scope)}</p>
${consent}${picker}
<button class="primary" type="submit" name="decision" value="allow">${userinfo ? '允许 · Allow' : '继续 · Continue'}</button>
${userinfo ? '<button class="secondary" type="submit" name="decision" value="deny">拒绝 · Deny</button>' : ''}
</form>`,
  );
}
