// Small charts as inline SVG made with DOM calls; each has a text alternative, so no one needs the picture.
import { svg } from './dom.js?v=@cairn.ui.build@';

/** Horizontal bars, one per {label, value}: a run's migration durations, or repos per version. */
export function bars(items, { unit = '', title, barClass = 'bar', width = 420, rowHeight = 18 } = {}) {
  const labelWidth = 150, valueWidth = 70;
  const max = Math.max(1, ...items.map(i => i.value));
  const height = Math.max(rowHeight, items.length * rowHeight);
  const chart = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': title || items.map(i => `${i.label}: ${i.value}${unit}`).join(', ') });
  if (title) chart.append(svg('title', {}, title));
  items.forEach((item, n) => {
    const y = n * rowHeight;
    const length = Math.max(1, Math.round((width - labelWidth - valueWidth) * item.value / max));
    chart.append(
      svg('text', { x: labelWidth - 6, y: y + rowHeight / 2 + 4, 'text-anchor': 'end', class: 'chart-label' }, clip(item.label)),
      svg('rect', { x: labelWidth, y: y + 3, width: length, height: rowHeight - 6,
        class: item.kind ? `${barClass} ${barClass}-${item.kind}` : barClass }),
      svg('text', { x: labelWidth + length + 4, y: y + rowHeight / 2 + 4, class: 'chart-value' }, `${item.value}${unit}`));
  });
  return chart;
}

function clip(text) {
  const s = String(text);
  return s.length > 22 ? `${s.slice(0, 21)}\u2026` : s;
}
