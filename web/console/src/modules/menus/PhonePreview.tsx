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
}) {
  const { buttons, selected } = props;
  const openTop = selected?.[0];
  const open = openTop !== undefined ? buttons[openTop] : undefined;
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
