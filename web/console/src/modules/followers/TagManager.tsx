import { App, Button, Input, List, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import type { TagView } from './types.ts';

/** Create, rename and delete tags (system tags, ids below 100, cannot change). */
export function TagManager(props: {
  appid: string;
  tags: TagView[];
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [error, setError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');

  async function run(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
    try {
      await api(method, `/accounts/${props.appid}/tags${path}`, body);
      setError(null);
      void message.success(t('saved'));
      props.onChanged();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal open title={t('manageTags')} footer={null} onCancel={props.onClose}>
      <ErrorAlert error={error} />
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          aria-label={t('newTag')}
          placeholder={t('newTag')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button
          type="primary"
          onClick={() => {
            void run('POST', '', { name }).then(() => setName(''));
          }}
        >
          {t('add')}
        </Button>
      </Space.Compact>
      <List
        size="small"
        dataSource={props.tags}
        renderItem={(tag) => (
          <List.Item
            actions={
              tag.id >= 100
                ? [
                    <a
                      key="rename"
                      onClick={() => {
                        const next = window.prompt(t('edit'), tag.name);
                        if (next && next !== tag.name) void run('PATCH', `/${tag.id}`, { name: next });
                      }}
                    >
                      {t('edit')}
                    </a>,
                    <Popconfirm
                      key="delete"
                      title={t('delete')}
                      onConfirm={() => void run('DELETE', `/${tag.id}`)}
                    >
                      <a>{t('delete')}</a>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            {tag.name} ({tag.count})
          </List.Item>
        )}
      />
    </Modal>
  );
}
