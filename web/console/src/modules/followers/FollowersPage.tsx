import { DownloadOutlined, TagsOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, ApiError, query } from '../../lib/api.ts';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import { FollowerDrawer } from './FollowerDrawer.tsx';
import { TagManager } from './TagManager.tsx';
import type { Follower, TagView } from './types.ts';

function csvCell(value: string | number | boolean | null): string {
  const s = value === null ? '' : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Followers: filter by tag or blacklist, search, bulk tag/untag, profile drawer, CSV export. */
export function FollowersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, editable } = useAccount();
  const [filter, setFilter] = useState<string>('all');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<Follower | null>(null);
  const [managingTags, setManagingTags] = useState(false);
  const [bulkTag, setBulkTag] = useState<number>();
  const [error, setError] = useState<ApiError | null>(null);
  const tags = useApi<{ tags: TagView[] }>(`/accounts/${appid}/tags`);
  const path = `/accounts/${appid}/followers${query({
    limit: 1000,
    tag_id: filter.startsWith('tag:') ? filter.slice(4) : undefined,
    blacklisted: filter === 'blacklist' ? 'true' : undefined,
  })}`;
  const followers = useApi<{ items: Follower[]; next_openid: string | null }>(path);
  const tagName = useMemo(() => new Map((tags.data?.tags ?? []).map((tg) => [tg.id, tg.name])), [tags.data]);
  const growth = useMemo(() => {
    const perDay = new Map<string, number>();
    for (const f of followers.data?.items ?? []) {
      if (!f.subscribed || !f.subscribe_time) continue;
      const day = new Date(f.subscribe_time * 1000).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const days = [...perDay.keys()].sort();
    let total = 0;
    const cumulative = days.map((d) => (total += perDay.get(d) ?? 0));
    return {
      tooltip: { trigger: 'axis' as const },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category' as const, data: days },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t('followers'), type: 'line' as const, data: cumulative, areaStyle: {}, smooth: true },
        { name: '+', type: 'bar' as const, data: days.map((d) => perDay.get(d) ?? 0) },
      ],
    };
  }, [followers.data, t]);
  const rows = (followers.data?.items ?? []).filter((f) => {
    const q = search.trim().toLowerCase();
    return (
      !q || f.nickname.toLowerCase().includes(q) || f.remark.toLowerCase().includes(q) || f.openid.includes(q)
    );
  });

  async function bulk(method: 'POST' | 'DELETE') {
    if (bulkTag === undefined || selected.length === 0) return;
    try {
      if (method === 'POST') {
        for (let i = 0; i < selected.length; i += 50) {
          await api('POST', `/accounts/${appid}/tags/${bulkTag}/members`, {
            openids: selected.slice(i, i + 50),
          });
        }
      } else {
        for (const openid of selected)
          await api('DELETE', `/accounts/${appid}/tags/${bulkTag}/members/${openid}`);
      }
      setError(null);
      void message.success(t('saved'));
      followers.reload();
      tags.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  function exportCsv() {
    const header = [
      'openid',
      'nickname',
      'remark',
      'subscribed',
      'subscribe_time',
      'subscribe_scene',
      'tags',
      'blacklisted',
    ];
    const lines = rows.map((f) =>
      [
        f.openid,
        f.nickname,
        f.remark,
        f.subscribed,
        f.subscribe_time ? new Date(f.subscribe_time * 1000).toISOString() : '',
        f.subscribe_scene,
        f.tag_ids.map((id) => tagName.get(id) ?? id).join('|'),
        f.blacklisted,
      ]
        .map(csvCell)
        .join(','),
    );
    const blob = new Blob(['\uFEFF' + [header.join(','), ...lines].join('\n')], {
      type: 'text/csv;charset=utf-8',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `followers-${appid}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('followers')}
      </Typography.Title>
      <ErrorAlert error={error ?? followers.error ?? null} />
      {filter === 'all' && (followers.data?.items.length ?? 0) > 0 && (
        <Card title={t('followerGrowth2')} size="small" style={{ marginBottom: 16 }}>
          <EChart option={growth} height={200} />
        </Card>
      )}
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Radio.Group
            value={filter.startsWith('tag:') ? 'tag' : filter}
            onChange={(e) => setFilter(String(e.target.value))}
            optionType="button"
            options={[
              { value: 'all', label: t('allFollowers') },
              { value: 'blacklist', label: t('blacklist') },
            ]}
          />
          <Select
            allowClear
            placeholder={t('tags')}
            style={{ minWidth: 160 }}
            value={filter.startsWith('tag:') ? Number(filter.slice(4)) : undefined}
            onChange={(v: number | undefined) => setFilter(v === undefined ? 'all' : `tag:${v}`)}
            options={(tags.data?.tags ?? []).map((tg) => ({
              value: tg.id,
              label: `${tg.name} (${tg.count})`,
            }))}
          />
          <Input.Search allowClear placeholder={t('search')} onSearch={setSearch} style={{ width: 200 }} />
          <Button icon={<DownloadOutlined />} onClick={exportCsv}>
            {t('exportCsv')}
          </Button>
          {editable && (
            <Button icon={<TagsOutlined />} onClick={() => setManagingTags(true)}>
              {t('manageTags')}
            </Button>
          )}
        </Space>
        {editable && selected.length > 0 && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text>{selected.length}</Typography.Text>
            <Select
              placeholder={t('tags')}
              style={{ minWidth: 140 }}
              value={bulkTag}
              onChange={setBulkTag}
              options={(tags.data?.tags ?? [])
                .filter((tg) => tg.id >= 100)
                .map((tg) => ({ value: tg.id, label: tg.name }))}
            />
            <Button onClick={() => void bulk('POST')}>{t('tagSelected')}</Button>
            <Button onClick={() => void bulk('DELETE')}>{t('untagSelected')}</Button>
          </Space>
        )}
        <Table
          rowKey="openid"
          size="small"
          loading={followers.loading}
          dataSource={rows}
          scroll={{ x: 640 }}
          rowSelection={
            editable
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
              : undefined
          }
          onRow={(f) => ({ onClick: () => setOpen(f), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('nickname'), dataIndex: 'nickname' },
            { title: t('remark'), dataIndex: 'remark' },
            {
              title: t('tags'),
              key: 'tags',
              render: (_: unknown, f: Follower) => (
                <>
                  {f.blacklisted && <Tag color="red">{t('blacklist')}</Tag>}
                  {f.tag_ids.map((id) => (
                    <Tag key={id}>{tagName.get(id) ?? id}</Tag>
                  ))}
                </>
              ),
            },
            {
              title: t('subscribeTime'),
              dataIndex: 'subscribe_time',
              render: (v: number | null) => (v ? new Date(v * 1000).toLocaleString() : '—'),
              sorter: (a: Follower, b: Follower) => (a.subscribe_time ?? 0) - (b.subscribe_time ?? 0),
            },
            { title: t('subscribeScene'), dataIndex: 'subscribe_scene' },
          ]}
        />
      </Card>
      {open && (
        <FollowerDrawer
          appid={appid}
          openid={open.openid}
          tags={tags.data?.tags ?? []}
          editable={editable}
          onClose={() => {
            setOpen(null);
            followers.reload();
          }}
        />
      )}
      {managingTags && (
        <TagManager
          appid={appid}
          tags={tags.data?.tags ?? []}
          onChanged={() => tags.reload()}
          onClose={() => setManagingTags(false)}
        />
      )}
    </>
  );
}
