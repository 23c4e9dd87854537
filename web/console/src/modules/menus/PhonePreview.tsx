import type React from 'react';
import { MenuOutlined, PlusOutlined } from '@ant-design/icons';
import type { MenuButton } from './menu-rules.ts';

/**
 * The menu as a follower's phone shows it: up to three buttons along the
 * bottom, a parent's sub-menu popping up above it. Clicking selects a button
 * (path [i] or [i, j]); the + slots add buttons while the limits allow.
 */
export function PhonePreview(props: {
  title: string;
  buttons: MenuButton[];
  selected: number[] | null;
  onSelect?: (path: number[]) => void;
  onAddTop?: () => void;
  onAddSub?: (top: number) => void;
  /** Drag and drop between siblings: move the button at `from` to `to` (same level). */
  onMove?: (from: number[], to: number[]) => void;
}) {
  const { buttons, selected } = props;
  const openTop = selected?.[0];
  const open = openTop !== undefined ? buttons[openTop] : undefined;
  const drag = (path: number[]) =>
    props.onMove
      ? {
          draggable: true,
          onDragStart: (e: React.DragEvent) => e.dataTransfer.setData('text/plain', JSON.stringify(path)),
          onDragOver: (e: React.DragEvent) => e.preventDefault(),
          onDrop: (e: React.DragEvent) => {
            e.preventDefault();
            const from = JSON.parse(e.dataTransfer.getData('text/plain') || '[]') as number[];
            if (from.length === path.length && from.slice(0, -1).join() === path.slice(0, -1).join())
              props.onMove?.(from, path);
          },
        }
      : {};
  const same = (a: number[] | null, b: number[]) =>
    !!a && a.length === b.length && a.every((v, i) => v === b[i]);
  return (
    <div className="phone" data-testid="phone-preview">
      <div className="phone-title">{props.title}</div>
      <div className="phone-body">
        {open?.sub_button && openTop !== undefined && (
          <div
            className="phone-submenu"
            style={{
              left: `${(openTop * 100) / Math.max(1, buttons.length + (props.onAddTop && buttons.length < 3 ? 1 : 0))}%`,
            }}
          >
            {open.sub_button.map((s, j) => (
              <div
                key={j}
                {...drag([openTop, j])}
                className={`phone-sub ${same(selected, [openTop, j]) ? 'selected' : ''}`}
                onClick={() => props.onSelect?.([openTop, j])}
              >
                {s.name || '…'}
              </div>
            ))}
            {props.onAddSub && open.sub_button.length < 5 && (
              <div
                className="phone-sub add"
                aria-label="add sub-button"
                onClick={() => props.onAddSub?.(openTop)}
              >
                <PlusOutlined />
              </div>
            )}
          </div>
        )}
      </div>
      <div className="phone-bar">
        <div className="phone-keyboard">⌨</div>
        {buttons.map((b, i) => (
          <div
            key={i}
            {...drag([i])}
            className={`phone-button ${same(selected, [i]) || openTop === i ? 'selected' : ''}`}
            onClick={() => props.onSelect?.([i])}
          >
            {b.sub_button && b.sub_button.length > 0 && (
              <MenuOutlined style={{ fontSize: 10, marginRight: 4 }} />
            )}
            {b.name || '…'}
          </div>
        ))}
        {props.onAddTop && buttons.length < 3 && (
          <div className="phone-button add" aria-label="add button" onClick={props.onAddTop}>
            <PlusOutlined />
          </div>
        )}
      </div>
    </div>
  );
}
