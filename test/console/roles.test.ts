/**
 * What each console role reaches, over HTTP with the session cookie:
 * administrators run their organisation (people included) and nothing
 * outside it, operators run its accounts but not people, analysts only
 * read, customer-service agents reach the kf inbox and followers'
 * conversations of their account only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, buildFollower, buildOrganization } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { createConsoleUser, signInAs, type ConsoleClient } from './console-client.ts';

describe.each(DIALECTS)('console roles on %s', (dialect) => {
  let p: TestPlatform;
  let orgA: string;
  let orgB: string;
  let a1: AccountsTable;
  let a2: AccountsTable;
  let b1: AccountsTable;
  let openid: string;
  let admin: ConsoleClient;
  let operator: ConsoleClient;
  let analyst: ConsoleClient;
  let agent: ConsoleClient;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    orgA = (await buildOrganization(p.ctx, 'Org A')).id;
    orgB = (await buildOrganization(p.ctx, 'Org B')).id;
    a1 = await buildAccount(p.ctx, { organization_id: orgA });
    a2 = await buildAccount(p.ctx, { organization_id: orgA });
    b1 = await buildAccount(p.ctx, { organization_id: orgB });
    openid = (await buildFollower(p.ctx, a1)).follower.openid;
    await createConsoleUser(p, 'admin-a', [{ role: 'administrator', organization_id: orgA }]);
    await createConsoleUser(p, 'operator-a', [{ role: 'operator', organization_id: orgA }]);
    await createConsoleUser(p, 'analyst-a', [{ role: 'analyst', organization_id: orgA }]);
    await createConsoleUser(p, 'agent-a1', [{ role: 'customer_service', appid: a1.appid }]);
    admin = await signInAs(p, 'admin-a', 'correct-horse-1');
    operator = await signInAs(p, 'operator-a', 'correct-horse-1');
    analyst = await signInAs(p, 'analyst-a', 'correct-horse-1');
    agent = await signInAs(p, 'agent-a1', 'correct-horse-1');
  });
  afterAll(async () => {
    await p.close();
  });

  async function appids(client: ConsoleClient) {
    const res = await client.call<{ items: { appid: string }[] }>('GET', '/accounts');
    return res.body.items.map((a) => a.appid).sort();
  }

  it('lists only the accounts and organisations each user reaches', async () => {
    expect(await appids(admin)).toEqual([a1.appid, a2.appid].sort());
    expect(await appids(analyst)).toEqual([a1.appid, a2.appid].sort());
    expect(await appids(agent)).toEqual([a1.appid]);
    const orgs = await admin.call<{ items: { id: string }[] }>('GET', '/organizations');
    expect(orgs.body.items.map((o) => o.id)).toEqual([orgA]);
    expect((await admin.call('GET', `/organizations/${orgB}`)).status).toBe(403);
  });

  it('keeps every role out of another organisation’s accounts', async () => {
    for (const client of [admin, operator, analyst, agent]) {
      const res = await client.call('GET', `/accounts/${b1.appid}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CONSOLE_FORBIDDEN');
      expect(res.body.message).toContain(b1.appid);
    }
    expect(
      (await admin.call('PUT', `/accounts/${b1.appid}/autoreply/settings`, { autoreply_open: false })).status,
    ).toBe(403);
  });

  it('administrators create accounts and people in their organisation only', async () => {
    const mine = await admin.call('POST', '/accounts', {
      organization_id: orgA,
      type: 'service',
      name: 'New A',
    });
    expect(mine.status).toBe(201);
    const theirs = await admin.call('POST', '/accounts', {
      organization_id: orgB,
      type: 'service',
      name: 'New B',
    });
    expect(theirs.status).toBe(403);
    const person = await admin.call<{ id: string; grants: { role: string; appid: string | null }[] }>(
      'POST',
      '/console/users',
      {
        username: 'new-agent',
        password: 'new-agent-pass',
        grants: [{ role: 'customer_service', appid: a2.appid }],
      },
    );
    expect(person.status).toBe(201);
    expect(person.body.grants).toEqual([
      { role: 'customer_service', organization_id: orgA, appid: a2.appid },
    ]);
    const outside = await admin.call('POST', '/console/users', {
      username: 'spy',
      password: 'spy-password',
      grants: [{ role: 'operator', organization_id: orgB }],
    });
    expect(outside.status).toBe(403);
    const platformWide = await admin.call('POST', '/console/users', {
      username: 'boss',
      password: 'boss-password',
      grants: [{ role: 'administrator' }],
    });
    expect(platformWide.status).toBe(403);
    expect(platformWide.body.message).toContain('platform administrators');
    const people = await admin.call<{ items: { username: string }[] }>('GET', '/console/users');
    expect(people.body.items.map((u) => u.username)).toEqual(
      expect.arrayContaining(['admin-a', 'operator-a', 'analyst-a', 'agent-a1', 'new-agent']),
    );
    const reset = await admin.call<{ password: string }>(
      'POST',
      `/console/users/${person.body.id}/password`,
      {},
    );
    expect(reset.body.password).toBeDefined();
  });

  it('administrators cannot manage people who also work elsewhere', async () => {
    const both = await createConsoleUser(p, 'two-orgs', [
      { role: 'operator', organization_id: orgA },
      { role: 'operator', organization_id: orgB },
    ]);
    const res = await admin.call('POST', `/console/users/${both.id}/password`, {});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CONSOLE_USER_NOT_FOUND');
    const people = await admin.call<{ items: { username: string }[] }>('GET', '/console/users');
    expect(people.body.items.map((u) => u.username)).not.toContain('two-orgs');
  });

  it('operators run their accounts but not people, organisations or the global event log', async () => {
    const settings = await operator.call('PUT', `/accounts/${a1.appid}/autoreply/settings`, {
      autoreply_open: true,
    });
    expect(settings.status).toBe(200);
    const rule = await operator.call('POST', `/accounts/${a2.appid}/autoreply/rules`, {
      rule_name: 'hello',
      keywords: [{ match_mode: 'equal', content: 'hi' }],
      replies: [{ msgtype: 'text', text: { content: 'hello' } }],
    });
    expect(rule.status).toBe(201);
    expect((await operator.call('GET', '/console/users')).status).toBe(403);
    expect((await operator.call('POST', '/organizations', { name: 'x' })).status).toBe(403);
    expect((await operator.call('GET', '/events')).status).toBe(403);
    expect((await operator.call('POST', '/sandbox/clock/advance', { seconds: 1 })).status).toBe(200);
    // Simulated users span every organisation: only routes naming one of the operator's accounts.
    const user = (await buildFollower(p.ctx, b1)).user;
    expect((await operator.call('GET', '/users')).status).toBe(403);
    expect((await operator.call('GET', `/users/${user.id}/notifications`)).status).toBe(403);
    expect((await operator.call('GET', `/users/${user.id}/accounts/${b1.appid}/messages`)).status).toBe(403);
    const own = (await buildFollower(p.ctx, a1)).user;
    expect((await operator.call('GET', `/users/${own.id}/accounts/${a1.appid}/menu`)).status).toBe(200);
  });

  it('shows credentials only to those who run the account', async () => {
    type View = { appsecret: string; developer: { token: string | null } };
    expect((await operator.call<View>('GET', `/accounts/${a1.appid}`)).body.appsecret).toBe(a1.appsecret);
    expect((await analyst.call<View>('GET', `/accounts/${a1.appid}`)).body.appsecret).toBe('');
    expect((await agent.call<View>('GET', `/accounts/${a1.appid}`)).body.appsecret).toBe('');
    const listed = await analyst.call<{ items: View[] }>('GET', '/accounts');
    expect(listed.body.items.every((a) => a.appsecret === '' && a.developer.token === null)).toBe(true);
  });

  it('analysts read everything on their accounts and change nothing', async () => {
    expect((await analyst.call('GET', `/accounts/${a1.appid}/autoreply`)).status).toBe(200);
    expect((await analyst.call('GET', `/accounts/${a1.appid}/followers`)).status).toBe(200);
    const write = await analyst.call('PUT', `/accounts/${a1.appid}/autoreply/settings`, {
      autoreply_open: false,
    });
    expect(write.status).toBe(403);
    expect(write.body.message).toContain('analyst');
    expect((await analyst.call('POST', '/sandbox/clock/advance', { seconds: 1 })).status).toBe(403);
    expect((await analyst.call('GET', '/console/users')).status).toBe(403);
  });

  it('customer-service agents reach the inbox and conversations of their account only', async () => {
    expect((await agent.call('GET', `/accounts/${a1.appid}`)).status).toBe(200);
    expect((await agent.call('GET', `/accounts/${a1.appid}/kf-sessions`)).status).toBe(200);
    expect((await agent.call('GET', `/accounts/${a1.appid}/followers/${openid}`)).status).toBe(200);
    expect((await agent.call('GET', `/accounts/${a1.appid}/followers/${openid}/messages`)).status).toBe(200);
    // Replying is theirs to do: the answer is the service-window rule, not a role refusal.
    const reply = await agent.call('POST', `/accounts/${a1.appid}/followers/${openid}/messages`, {
      msgtype: 'text',
      text: { content: 'hello' },
    });
    expect(reply.body.code).not.toBe('CONSOLE_FORBIDDEN');
    for (const path of ['/autoreply', '/followers', '/menus', '/deliveries']) {
      const res = await agent.call('GET', `/accounts/${a1.appid}${path}`);
      expect(res.status, path).toBe(403);
    }
    expect((await agent.call('GET', `/accounts/${a2.appid}/kf-sessions`)).status).toBe(403);
  });
});
