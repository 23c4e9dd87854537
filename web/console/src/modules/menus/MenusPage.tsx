import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Popconfirm,
  Row,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import type { Follower, TagView } from '../followers/types.ts';
import {
  BUTTON_TYPES,
  checkMenu,
  cleanButton,
  fieldsOf,
  utf8Bytes,
  type MatchRule,
  type MenuButton,
} from './menu-rules.ts';
import { PhonePreview } from './PhonePreview.tsx';

interface EditableMenu {
  button: MenuButton[];
  /** null: the default menu. */
  matchrule: MatchRule | null;
}

interface MenusView {
  menu: { button: MenuButton[] } | null;
  conditional_menus: { button: MenuButton[]; matchrule: MatchRule }[];
}

function at(buttons: MenuButton[], path: number[]): MenuButton | undefined {
  const top = buttons[path[0] ?? -1];
  return path.length === 2 ? top?.sub_button?.[path[1]!] : top;
}

/** The visual menu editor: phone preview, every button type, WeChat's rules before saving, conditional menus, preview as a follower. */
export function MenusPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, account, editable } = useAccount();
  const saved = useApi<MenusView>(`/accounts/${appid}/menus`);
  const tags = useApi<{ tags: TagView[] }>(`/accounts/${appid}/tags`);
  const [menus, setMenus] = useState<EditableMenu[]>([]);
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<number[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!saved.data) return;
    setMenus([
      { button: saved.data.menu?.button ?? [], matchrule: null },
      ...saved.data.conditional_menus.map((m) => ({ button: m.button, matchrule: m.matchrule })),
    ]);
  }, [saved.data]);

  const menu = menus[current];
  const problems = useMemo(
    () => menus.flatMap((m, i) => checkMenu(m.button).map((p) => ({ ...p, menu: i }))),
    [menus],
  );
  const button = menu && selected ? at(menu.button, selected) : undefined;

  function update(change: (buttons: MenuButton[]) => MenuButton[]) {
    setMenus((all) =>
      all.map((m, i) => (i === current ? { ...m, button: change(structuredClone(m.button)) } : m)),
    );
  }
  function setField(field: keyof MenuButton, value: string | undefined) {
    if (!selected) return;
    update((buttons) => {
      const b = at(buttons, selected);
      if (b) (b as unknown as Record<string, unknown>)[field] = value;
      return buttons;
    });
  }
  function move(delta: number) {
    if (!selected) return;
    update((buttons) => {
      const list = selected.length === 2 ? buttons[selected[0]!]!.sub_button! : buttons;
      const from = selected[selected.length - 1]!;
      const to = from + delta;
      if (to < 0 || to >= list.length) return buttons;
      [list[from], list[to]] = [list[to]!, list[from]!];
      setSelected([...selected.slice(0, -1), to]);
      return buttons;
    });
  }
  function moveTo(from: number[], to: number[]) {
    update((buttons) => {
      const list = from.length === 2 ? buttons[from[0]!]!.sub_button! : buttons;
      const [moved] = list.splice(from[from.length - 1]!, 1);
      if (moved) list.splice(to[to.length - 1]!, 0, moved);
      return buttons;
    });
    setSelected(to);
  }
  function remove() {
    if (!selected) return;
    update((buttons) => {
      if (selected.length === 2) {
        const parent = buttons[selected[0]!]!;
        parent.sub_button!.splice(selected[1]!, 1);
        if (parent.sub_button!.length === 0) {
          delete parent.sub_button;
          parent.type = 'click';
          parent.key = '';
        }
      } else buttons.splice(selected[0]!, 1);
      return buttons;
    });
    setSelected(null);
  }

  async function publish() {
    const [first, ...rest] = menus;
    try {
      if (!first || first.button.length === 0) await api('DELETE', `/accounts/${appid}/menus`);
      else
        await api('PUT', `/accounts/${appid}/menus`, {
          button: first.button.map(cleanButton),
          conditional_menus: rest.map((m) => ({
            button: m.button.map(cleanButton),
            matchrule: m.matchrule ?? {},
          })),
        });
      setError(null);
      void message.success(t('saved'));
      saved.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (saved.error) return <ErrorAlert error={saved.error} />;
  if (!menu) return null;
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('menus')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Tabs
        activeKey={String(current)}
        onChange={(k) => {
          setCurrent(Number(k));
          setSelected(null);
        }}
        tabBarExtraContent={
          editable && (
            <Space>
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  setMenus((all) => [
                    ...all,
                    { button: [{ name: '菜单', type: 'click', key: 'KEY_1' }], matchrule: {} },
                  ]);
                  setCurrent(menus.length);
                }}
              >
                {t('addConditional')}
              </Button>
              <Button type="primary" disabled={problems.length > 0} onClick={() => void publish()}>
                {t('publishMenus')}
              </Button>
            </Space>
          )
        }
        items={menus.map((m, i) => ({
          key: String(i),
          label: i === 0 ? t('defaultMenu') : `${t('conditionalMenu')} ${i}`,
        }))}
      />
      {problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('problems')}
          data-testid="menu-problems"
          description={problems.map((p, i) => (
            <div key={i}>
              <Tag color="orange">{p.errcode}</Tag>
              {p.menu === 0 ? t('defaultMenu') : `${t('conditionalMenu')} ${p.menu}`} ·{' '}
              {p.path.map((n) => n + 1).join('-') || '—'}: {p.message}
            </div>
          ))}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          <PhonePreview
            title={account?.name ?? ''}
            buttons={menu.button}
            selected={selected}
            onSelect={setSelected}
            onMove={editable ? moveTo : undefined}
            onAddTop={
              editable
                ? () => {
                    update((b) => [
                      ...b,
                      { name: `菜单${b.length + 1}`, type: 'click', key: `KEY_${b.length + 1}` },
                    ]);
                    setSelected([menu.button.length]);
                  }
                : undefined
            }
            onAddSub={
              editable
                ? (top) => {
                    const count = menu.button[top]?.sub_button?.length ?? 0;
                    update((b) => {
                      const parent = b[top]!;
                      const subs = parent.sub_button ?? [];
                      parent.sub_button = [
                        ...subs,
                        {
                          name: `子菜单${subs.length + 1}`,
                          type: 'click',
                          key: `KEY_${top + 1}_${subs.length + 1}`,
                        },
                      ];
                      delete parent.type;
                      return b;
                    });
                    setSelected([top, count]);
                  }
                : undefined
            }
          />
        </Col>
        <Col xs={24} md={14} xl={8}>
          <Card title={button ? button.name || '…' : t('buttonName')}>
            {!button && <Empty description={t('noMenu')} />}
            {button && selected && (
              <ButtonEditor
                key={selected.join('-') + current}
                button={button}
                top={selected.length === 1}
                editable={editable}
                onField={setField}
                onMove={move}
                onRemove={remove}
              />
            )}
          </Card>
          {current > 0 && (
            <Card title={t('conditionalMenu')} style={{ marginTop: 16 }}>
              <Form layout="vertical" disabled={!editable}>
                <Form.Item label={t('matchTag')}>
                  <Select
                    allowClear
                    aria-label={t('matchTag')}
                    placeholder={t('anyValue')}
                    value={menu.matchrule?.tag_id}
                    onChange={(v: string | undefined) =>
                      setMenus((all) =>
                        all.map((m, i) =>
                          i === current ? { ...m, matchrule: { ...m.matchrule, tag_id: v } } : m,
                        ),
                      )
                    }
                    options={(tags.data?.tags ?? []).map((tg) => ({ value: String(tg.id), label: tg.name }))}
                  />
                </Form.Item>
                <Form.Item label={t('matchPlatform')}>
                  <Select
                    allowClear
                    aria-label={t('matchPlatform')}
                    placeholder={t('anyValue')}
                    value={menu.matchrule?.client_platform_type}
                    onChange={(v: string | undefined) =>
                      setMenus((all) =>
                        all.map((m, i) =>
                          i === current
                            ? { ...m, matchrule: { ...m.matchrule, client_platform_type: v } }
                            : m,
                        ),
                      )
                    }
                    options={[
                      { value: '1', label: 'iOS' },
                      { value: '2', label: 'Android' },
                      { value: '3', label: 'Others' },
                    ]}
                  />
                </Form.Item>
              </Form>
              {editable && (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => {
                    setMenus((all) => all.filter((_, i) => i !== current));
                    setCurrent(0);
                  }}
                >
                  {t('delete')}
                </Button>
              )}
            </Card>
          )}
          {editable && current === 0 && (
            <Popconfirm
              title={t('deleteAllMenus')}
              onConfirm={() => setMenus([{ button: [], matchrule: null }])}
            >
              <Button danger style={{ marginTop: 16 }}>
                {t('deleteAllMenus')}
              </Button>
            </Popconfirm>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <PreviewAsFollower appid={appid} title={account?.name ?? ''} />
        </Col>
      </Row>
    </>
  );
}

function ButtonEditor(props: {
  button: MenuButton;
  top: boolean;
  editable: boolean;
  onField: (field: keyof MenuButton, value: string | undefined) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const b = props.button;
  const parent = !!b.sub_button && b.sub_button.length > 0;
  const limit = props.top ? 16 : 60;
  return (
    <Form layout="vertical" disabled={!props.editable}>
      <Form.Item label={`${t('buttonName')} (${utf8Bytes(b.name)}/${limit} ${t('bytes')})`}>
        <Input
          aria-label={t('buttonName')}
          value={b.name}
          onChange={(e) => props.onField('name', e.target.value)}
        />
      </Form.Item>
      {parent ? (
        <Typography.Paragraph type="secondary">{t('subMenuParent')}</Typography.Paragraph>
      ) : (
        <>
          <Form.Item label={t('buttonType')}>
            <Select
              aria-label={t('buttonType')}
              value={b.type}
              onChange={(v: string) => props.onField('type', v)}
              options={BUTTON_TYPES.map((type) => ({ value: type, label: type }))}
            />
          </Form.Item>
          {fieldsOf(b.type).map((field) => (
            <Form.Item key={field} label={field}>
              <Input
                aria-label={field}
                value={(b[field] as string | undefined) ?? ''}
                onChange={(e) => props.onField(field, e.target.value)}
              />
            </Form.Item>
          ))}
        </>
      )}
      {props.editable && (
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => props.onMove(-1)}>
            {t('moveLeft')}
          </Button>
          <Button icon={<ArrowRightOutlined />} onClick={() => props.onMove(1)}>
            {t('moveRight')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={props.onRemove}>
            {t('delete')}
          </Button>
        </Space>
      )}
    </Form>
  );
}

function PreviewAsFollower({ appid, title }: { appid: string; title: string }) {
  const { t } = useI18n();
  const followers = useApi<{ items: Follower[] }>(`/accounts/${appid}/followers?limit=200`);
  const [userId, setUserId] = useState<string>();
  const visible = useApi<{
    menuid: string | null;
    kind: string | null;
    matchrule: MatchRule | null;
    button: MenuButton[];
  }>(userId ? `/users/${userId}/accounts/${appid}/menu` : null);
  return (
    <Card title={t('previewAs')}>
      <Typography.Paragraph type="secondary">{t('previewAsHelp')}</Typography.Paragraph>
      <Select
        aria-label={t('previewAs')}
        style={{ width: '100%', marginBottom: 12 }}
        showSearch
        optionFilterProp="label"
        value={userId}
        onChange={setUserId}
        options={(followers.data?.items ?? []).map((f) => ({
          value: f.user_id,
          label: `${f.nickname} (${f.openid})`,
        }))}
      />
      {userId && visible.data && (
        <>
          <List size="small">
            <List.Item>
              {visible.data.kind ?? t('noMenu')}{' '}
              {visible.data.menuid ? `· menuid ${visible.data.menuid}` : ''}
            </List.Item>
          </List>
          <PhonePreview title={title} buttons={visible.data.button} selected={null} />
        </>
      )}
      <ErrorAlert error={visible.error ?? null} />
    </Card>
  );
}
