import { Button, Select, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../lib/i18n.tsx';

/**
 * A small rich-text editor on contentEditable: headings, bold, lists,
 * quotes, images from the library and links. The server sanitises the HTML
 * on save, so what is stored is what followers see.
 */
export function RichTextEditor(props: {
  initial: string;
  images: { url: string; label: string }[];
  onChange: (html: string) => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.innerHTML = props.initial;
    // Only the first content: later changes come from typing.
  }, []);
  function exec(command: string, value?: string) {
    ref.current?.focus();
    document.execCommand(command, false, value);
    props.onChange(ref.current?.innerHTML ?? '');
  }
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button size="small" onClick={() => exec('formatBlock', 'h2')}>
          H2
        </Button>
        <Button size="small" onClick={() => exec('formatBlock', 'h3')}>
          H3
        </Button>
        <Button size="small" onClick={() => exec('bold')}>
          <b>B</b>
        </Button>
        <Button size="small" onClick={() => exec('insertUnorderedList')}>
          • —
        </Button>
        <Button size="small" onClick={() => exec('insertOrderedList')}>
          1.
        </Button>
        <Button size="small" onClick={() => exec('formatBlock', 'blockquote')}>
          ❝
        </Button>
        <Button
          size="small"
          onClick={() => {
            const url = window.prompt('https://');
            if (url) exec('createLink', url);
          }}
        >
          🔗
        </Button>
        <Select
          size="small"
          placeholder={t('insertImage')}
          style={{ width: 160 }}
          value={null}
          onChange={(url: string) => exec('insertImage', url)}
          options={props.images.map((i) => ({ value: i.url, label: i.label }))}
        />
      </Space>
      <div
        ref={ref}
        className="rich-editor"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-label={t('body')}
        onInput={() => props.onChange(ref.current?.innerHTML ?? '')}
      />
    </div>
  );
}
