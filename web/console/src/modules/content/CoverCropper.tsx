import { Typography } from 'antd';
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

/** A crop box in fractions of the image, as WeChat's pic_crop_* "X1_Y1_X2_Y2". */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** "X1_Y1_X2_Y2" → a box, or null when empty or malformed. */
export function parseCrop(text: string): Box | null {
  const n = text.split('_').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) return null;
  const [x1, y1, x2, y2] = n as [number, number, number, number];
  return x1 < x2 && y1 < y2 ? { x1, y1, x2, y2 } : null;
}

/** A box → "X1_Y1_X2_Y2" with 4 decimals (plenty for any cover). */
export function formatCrop(b: Box): string {
  return [b.x1, b.y1, b.x2, b.y2].map((v) => Number(clamp(v, 0, 1).toFixed(4))).join('_');
}

/** The largest centred box of `ratio` (width / height in pixels) on an image of `aspect`. */
function centredBox(ratio: number, aspect: number): Box {
  // In fractions: w·aspect / h = ratio.
  let w = 1;
  let h = aspect / ratio;
  if (h > 1) {
    h = 1;
    w = ratio / aspect;
  }
  return { x1: (1 - w) / 2, y1: (1 - h) / 2, x2: (1 + w) / 2, y2: (1 + h) / 2 };
}

/**
 * An interactive crop box over a cover image, held to `ratio` (2.35 or 1):
 * drag the box to move it, drag its corner to resize. Reports the box as
 * the "X1_Y1_X2_Y2" string drafts store; the server cuts the cover variants
 * (`/mmbiz/<id>/cover-2.35|cover-1?crop=…`) to it.
 */
export function CoverCropper(props: {
  src: string;
  ratio: number;
  value: string;
  label: string;
  onChange: (crop: string) => void;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const [aspect, setAspect] = useState<number | null>(null);
  const drag = useRef<{ mode: 'move' | 'resize'; x: number; y: number; box: Box } | null>(null);
  const box = parseCrop(props.value) ?? (aspect ? centredBox(props.ratio, aspect) : null);

  function start(mode: 'move' | 'resize', e: ReactPointerEvent) {
    if (!box) return;
    e.preventDefault();
    e.stopPropagation();
    (e.target as Element).setPointerCapture(e.pointerId);
    drag.current = { mode, x: e.clientX, y: e.clientY, box };
  }
  function move(e: ReactPointerEvent) {
    const d = drag.current;
    const rect = frame.current?.getBoundingClientRect();
    if (!d || !rect || !aspect) return;
    const dx = (e.clientX - d.x) / rect.width;
    const dy = (e.clientY - d.y) / rect.height;
    const w = d.box.x2 - d.box.x1;
    const h = d.box.y2 - d.box.y1;
    if (d.mode === 'move') {
      const x1 = clamp(d.box.x1 + dx, 0, 1 - w);
      const y1 = clamp(d.box.y1 + dy, 0, 1 - h);
      props.onChange(formatCrop({ x1, y1, x2: x1 + w, y2: y1 + h }));
    } else {
      // The corner follows the pointer's horizontal move; the height keeps the ratio.
      const maxW = Math.min(1 - d.box.x1, ((1 - d.box.y1) * props.ratio) / aspect);
      const nw = clamp(w + dx, 0.05, maxW);
      const nh = (nw * aspect) / props.ratio;
      props.onChange(formatCrop({ x1: d.box.x1, y1: d.box.y1, x2: d.box.x1 + nw, y2: d.box.y1 + nh }));
    }
  }
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  return (
    <div>
      <Typography.Text type="secondary">{props.label}</Typography.Text>
      <div
        ref={frame}
        className="cover-cropper"
        data-testid={`cropper-${props.ratio}`}
        onPointerMove={move}
        onPointerUp={() => (drag.current = null)}
      >
        <img
          src={props.src}
          alt=""
          draggable={false}
          onLoad={(e) => setAspect(e.currentTarget.naturalWidth / e.currentTarget.naturalHeight)}
        />
        {box && (
          <div
            className="cover-cropper-box"
            role="slider"
            aria-label={props.label}
            aria-valuetext={formatCrop(box)}
            style={{
              left: pct(box.x1),
              top: pct(box.y1),
              width: pct(box.x2 - box.x1),
              height: pct(box.y2 - box.y1),
            }}
            onPointerDown={(e) => start('move', e)}
          >
            <div className="cover-cropper-handle" onPointerDown={(e) => start('resize', e)} />
          </div>
        )}
      </div>
    </div>
  );
}
