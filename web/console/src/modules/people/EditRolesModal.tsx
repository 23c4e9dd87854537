import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useSignedIn, type Role } from '../session/useSession.tsx';

/** A role grant as the people API takes and returns it. */
export interface Grant {
  role: Role;
  organization_id: string | null;
  appid: string | null;
}

export const ROLES: Role[] = ['administrator', 'operator', 'analyst', 'customer_service'];

/** A grant's scope as one select value: `platform`, `org:<id>` or `app:<appid>`. */
export function scopeValue(g: Pick<Grant, 'organization_id' | 'appid'>): string {
  if (g.appid) return `app:${g.appid}`;
  if (g.organization_id) return `org:${g.organization_id}`;
  return 'platform';
}

/** The API's grant for a role and a scope value. */
export function grantOf(role: Role, scope: string) {
  if (scope === 'platform') return { role };
  if (scope.startsWith('org:')) return { role, organization_id: scope.slice(4) };
  return { role, appid: scope.slice(4) };
}

/** The scopes the signed-in administrator may grant: the platform, their organisations and their accounts. */
export function useGrantableScopes(): { value: string; label: string }[] {
  const { t } = useI18n();
  const session = useSignedIn();
  const orgs = session.organizations.filter((o) => o.administrator);
  return [
    ...(session.platform_administrator ? [{ value: 'platform', label: t('platformWide') }] : []),
    ...orgs.map((o) => ({ value: `org:${o.id}`, label: `${o.name} · ${t('wholeOrg')}` })),
    ...session.accounts
      .filter((a) => orgs.some((o) => o.id === a.organization_id))
      .map((a) => ({ value: `app:${a.appid}`, label: a.name })),
  ];
}

/**
 * Edits an existing person's roles: each grant is a role on a scope; add,
 * change or remove grants, then save them all at once (PATCH
 * /console/users/:id with `grants`, which replaces the set). The server
 * checks the signed-in user may grant each scope.
 */
export function EditRolesModal(props: {
  user: { id: string; username: string; grants: Grant[] };
  scopeLabel: (g: Grant) => string;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const grantable = useGrantableScopes();
  const [rows, setRows] = useState(() =>
    props.user.grants.map((g, i) => ({ key: i, role: g.role, scope: scopeValue(g) })),
  );
  const [error, setError] = useState<ApiError | null>(null);
  // A grant outside the editor's reach stays listed (and kept) under its own name.
  const scopes = [
    ...grantable,
    ...props.user.grants
      .filter((g) => !grantable.some((s) => s.value === scopeValue(g)))
      .map((g) => ({ value: scopeValue(g), label: props.scopeLabel(g) })),
  ];

  async function save() {
    try {
      await api('PATCH', `/console/users/${props.user.id}`, {
        grants: rows.map((r) => grantOf(r.role, r.scope)),
      });
      props.onClose(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal
      open
      title={`${t('editRoles')} · ${props.user.username}`}
      onOk={() => void save()}
      okButtonProps={{ disabled: rows.length === 0 }}
      onCancel={() => props.onClose(false)}
      okText={t('save')}
      width={620}
    >
      <ErrorAlert error={error} />
      <Space direction="vertical" style={{ width: '100%' }}>
        {rows.map((r, i) => (
          <Space key={r.key} data-testid={`grant-${i}`} wrap>
            <Select
              aria-label={`${t('roles')} ${i + 1}`}
              style={{ width: 170 }}
              value={r.role}
              onChange={(role: Role) => setRows(rows.map((x) => (x.key === r.key ? { ...x, role } : x)))}
              options={ROLES.map((role) => ({ value: role, label: t(`role_${role}`) }))}
            />
            <Select
              aria-label={`${t('scope')} ${i + 1}`}
              style={{ width: 300 }}
              value={r.scope}
              onChange={(scope: string) => setRows(rows.map((x) => (x.key === r.key ? { ...x, scope } : x)))}
              options={scopes}
            />
            <Button
              aria-label={t('delete')}
              icon={<DeleteOutlined />}
              onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
            />
          </Space>
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            setRows([
              ...rows,
              {
                key: Math.max(0, ...rows.map((x) => x.key)) + 1,
                role: 'operator',
                scope: scopes[0]?.value ?? 'platform',
              },
            ])
          }
        >
          {t('addRole')}
        </Button>
      </Space>
    </Modal>
  );
}
