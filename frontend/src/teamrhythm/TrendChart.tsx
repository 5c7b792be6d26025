// The customer-facing share per week as a small inline SVG line chart (no chart engine needed for 12 points).
import { useI18n } from '../i18n/context';
import type { TrendWeek } from './data';

const WIDTH = 320;
const HEIGHT = 140;
const PAD = { top: 12, right: 12, bottom: 24, left: 42 };

export function TrendChart({ weeks }: { weeks: TrendWeek[] }) {
  const { t, n } = useI18n();
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (weeks.length > 1 ? (i * innerW) / (weeks.length - 1) : innerW / 2);
  const y = (share: number) => PAD.top + innerH - (share / 100) * innerH;
  // Weeks without check-ins break the line instead of pretending to be 0%.
  const segments: string[] = [];
  let current = '';
  weeks.forEach((week, i) => {
    if (week.share === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(week.share).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const summary = weeks
    .map((w) => `${w.week}: ${w.share === null ? t('boards.trend.no_checkins') : `${n(w.share)}%`}`)
    .join('; ');
  return (
    <figure class="trend">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${t('boards.trend.title')}. ${summary}`}>
        {[0, 50, 100].map((tick) => (
          <g key={tick}>
            <line class="trend__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text class="trend__label" x={PAD.left - 6} y={y(tick) + 4} text-anchor="end">
              {n(tick)}%
            </text>
          </g>
        ))}
        {segments.map((d) => (
          <path key={d} class="trend__line" d={d} />
        ))}
        {weeks.map((week, i) =>
          week.share === null ? null : <circle key={week.week} class="trend__dot" cx={x(i)} cy={y(week.share)} r={3} />,
        )}
        {weeks.map((week, i) =>
          i % 3 === weeks.length % 3 || i === weeks.length - 1 ? (
            <text key={`l${week.week}`} class="trend__label" x={x(i)} y={HEIGHT - 6} text-anchor="middle">
              {week.week.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
