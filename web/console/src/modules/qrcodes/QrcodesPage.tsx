import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Image,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';

interface Qrcode {
  ticket: string;
  action_name: string;
  permanent: boolean;
  scene_id: number | null;
  scene_str: string | null;
  url: string;
  expires_at: number | null;
  expired: boolean;
  scan_count: number;
  subscribe_count: number;
  created_at: number;
}

interface NewCode {
  permanent: boolean;
  scene: string;
  expire_seconds?: number;
}

function imagePath(ticket: string): string {
  return `/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}

/** Parametric QR codes: create temporary or permanent ones with a scene, download the PNG, scans and follows per code. */
export function QrcodesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, editable } = useAccount();
  const codes = useApi<{ items: Qrcode[] }>(`/accounts/${appid}/qrcodes`);
  const [error, setError] = useState<ApiError | null>(null);

  async function create(v: NewCode) {
    const numeric = /^\d+$/.test(v.scene);
    const action = `QR_${v.permanent ? 'LIMIT_' : ''}${numeric ? '' : 'STR_'}SCENE`;
    try {
      await api('POST', `/accounts/${appid}/qrcodes`, {
        action_name: action,
        action_info: { scene: numeric ? { scene_id: Number(v.scene) } : { scene_str: v.scene } },
        ...(v.permanent ? {} : { expire_seconds: v.expire_seconds ?? 2592000 }),
      });
      setError(null);
      void message.success(t('saved'));
      codes.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('qrcodes')}
      </Typography.Title>
      <ErrorAlert error={error ?? codes.error ?? null} />
      {editable && (
        <Card title={t('newQrcode')} style={{ marginBottom: 16 }}>
          <Form<NewCode>
            layout="inline"
            initialValues={{ permanent: false, expire_seconds: 2592000 }}
            onFinish={(v) => void create(v)}
          >
            <Form.Item name="permanent">
              <Radio.Group
                optionType="button"
                options={[
                  { value: false, label: t('temporary') },
                  { value: true, label: t('permanent') },
                ]}
              />
            </Form.Item>
            <Form.Item name="scene" label={t('scene')} rules={[{ required: true, max: 64 }]}>
              <Input placeholder="123 / campaign-2026" />
            </Form.Item>
            <Form.Item name="expire_seconds" label={t('expiresIn')}>
              <InputNumber min={60} max={2592000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('create')}
            </Button>
          </Form>
        </Card>
      )}
      <Card>
        <Table
          rowKey="ticket"
          size="small"
          loading={codes.loading}
          dataSource={codes.data?.items ?? []}
          scroll={{ x: 720 }}
          columns={[
            {
              title: 'QR',
              key: 'img',
              width: 80,
              render: (_: unknown, c: Qrcode) => (
                <Image width={56} src={imagePath(c.ticket)} alt={c.scene_str ?? String(c.scene_id)} />
              ),
            },
            { title: t('scene'), key: 'scene', render: (_: unknown, c: Qrcode) => c.scene_str ?? c.scene_id },
            {
              title: t('type'),
              key: 'type',
              render: (_: unknown, c: Qrcode) => (
                <>
                  <Tag color={c.permanent ? 'green' : 'blue'}>
                    {c.permanent ? t('permanent') : t('temporary')}
                  </Tag>
                  {c.expired && <Tag color="red">{t('expired')}</Tag>}
                  {c.expires_at && !c.expired && new Date(c.expires_at).toLocaleString()}
                </>
              ),
            },
            { title: t('scans'), dataIndex: 'scan_count' },
            { title: t('follows'), dataIndex: 'subscribe_count' },
            {
              title: t('time'),
              dataIndex: 'created_at',
              render: (v: number) => new Date(v).toLocaleString(),
            },
            {
              title: '',
              key: 'download',
              render: (_: unknown, c: Qrcode) => (
                <Space>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    href={imagePath(c.ticket)}
                    download={`qrcode-${c.scene_str ?? c.scene_id}.png`}
                  >
                    {t('downloadPng')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
