import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Image, Popconfirm, Radio, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { api, ApiError, csrfHeader } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';

export interface Material {
  media_id: string;
  type: string;
  filename: string;
  size: number;
  url: string;
  created_at: number;
  title: string | null;
}

/** The media library: upload (multipart, as add_material), preview, delete. */
export function MaterialsTab({ appid, editable }: { appid: string; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [type, setType] = useState('image');
  const list = useApi<{ total_count: number; items: Material[] }>(
    `/accounts/${appid}/materials?type=${type}&count=20`,
  );
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <ErrorAlert error={error ?? list.error ?? null} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          value={type}
          onChange={(e) => setType(String(e.target.value))}
          options={['image', 'voice', 'video', 'thumb'].map((v) => ({ value: v, label: v }))}
        />
        {editable && (
          <Upload
            name="media"
            action={`/gz/v1/accounts/${appid}/materials`}
            data={{ type, ...(type === 'video' ? { title: 'video', introduction: '' } : {}) }}
            headers={csrfHeader()}
            withCredentials
            showUploadList={false}
            onChange={(info) => {
              if (info.file.status === 'done') {
                void message.success(t('saved'));
                list.reload();
              } else if (info.file.status === 'error') {
                const body = info.file.response as { code?: string; message?: string } | undefined;
                setError(
                  new ApiError(0, body?.code ?? 'UPLOAD_FAILED', body?.message ?? String(info.file.error)),
                );
              }
            }}
          >
            <Button icon={<UploadOutlined />}>{t('upload')}</Button>
          </Upload>
        )}
      </Space>
      <Table
        rowKey="media_id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 560 }}
        columns={[
          {
            title: t('preview'),
            key: 'preview',
            width: 90,
            render: (_: unknown, m: Material) =>
              m.type === 'image' || m.type === 'thumb' ? (
                <Image width={64} src={m.url} alt={m.filename} />
              ) : (
                m.type
              ),
          },
          {
            title: 'media_id',
            dataIndex: 'media_id',
            render: (v: string) => <span className="mono">{v}</span>,
          },
          { title: t('name'), dataIndex: 'filename' },
          { title: 'KB', dataIndex: 'size', render: (v: number) => Math.ceil(v / 1024) },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, m: Material) =>
              editable ? (
                <Popconfirm
                  title={t('delete')}
                  onConfirm={() => {
                    api('DELETE', `/accounts/${appid}/materials/${m.media_id}`)
                      .then(list.reload)
                      .catch((e: unknown) => setError(e as ApiError));
                  }}
                >
                  <Button size="small" danger>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </>
  );
}
