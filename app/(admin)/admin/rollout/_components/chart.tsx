'use client'

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type AxisDomain,
  type YAxisTickContentProps,
} from 'recharts'
import type { Chart } from '@/lib/rollout/view'

/**
 * One of the dashboard's charts (recharts). It is a picture of the table that
 * follows it: screen readers get its summary as the image's name and the
 * table itself, so the chart's own keyboard layer is off. The colours read on
 * light and dark backgrounds alike; text takes the page's colour. Its words
 * come from the server in the reader's language; numbers are formatted here
 * with the reader's locale. Right to left, the chart is mirrored: the value
 * axis on the right, the category axis running from right to left. Names
 * (groups, providers) are drawn as rows, each with its name beside its bar,
 * so none is dropped at 360 px; a name longer than the room for it is
 * shortened with an ellipsis (the table and the tooltip give it whole).
 */

const COLOURS = ['#6366f1', '#10b981', '#f59e0b', '#ec4899', '#0ea5e9']

function valueFormat(locale: string, unit: Chart['unit']): (value: number) => string {
  if (unit === 'percent') {
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
    return (value) => percent.format(value / 100)
  }
  if (unit === 'seconds') {
    const seconds = new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'narrow', maximumFractionDigits: 1 })
    return (value) => seconds.format(value)
  }
  const count = new Intl.NumberFormat(locale)
  return (value) => count.format(value)
}

/** Room for a row's name: at most NAME_CHARACTERS characters of 12 px text, about 7 px each. */
const NAME_CHARACTERS = 20
const shortened = (name: string) => (name.length > NAME_CHARACTERS ? `${name.slice(0, NAME_CHARACTERS - 1).trimEnd()}…` : name)

export function FigureChart({ chart, label, locale, dir }: { chart: Chart; label: string; locale: string; dir: 'ltr' | 'rtl' }) {
  const rtl = dir === 'rtl'
  const rows = chart.axis === 'names' && chart.kind !== 'line'
  const value = valueFormat(locale, chart.unit)
  const category = (x: unknown) => chart.labels[String(x)] ?? String(x)
  const Drawn = chart.kind === 'line' ? LineChart : BarChart
  const common = {
    data: chart.points,
    responsive: true,
    accessibilityLayer: false,
    layout: rows ? ('vertical' as const) : ('horizontal' as const),
    margin: { top: 16, right: rtl ? 0 : 8, bottom: 0, left: rtl ? 8 : 0 },
    // Rows are as tall as their number needs; time runs across a box of fixed height. With a height that followed the
    // width (aspect-ratio), a window narrowed to 360 px on a busy machine twice left a chart drawn at almost no height:
    // its day labels and legend, no bars and no value axis.
    style: rows ? { width: '100%', height: 72 + chart.points.length * 40 } : { width: '100%', height: 280 },
  }
  const tick = { fill: 'currentColor', fontSize: 12 }
  const domain: AxisDomain = chart.unit === 'percent' ? [0, 100] : [0, 'auto']
  const values = { tickFormatter: value, stroke: 'currentColor', allowDecimals: chart.unit !== 'count', domain }
  const grid = <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
  const longest = Math.max(0, ...chart.points.map((point) => shortened(category(point.x)).length))
  const axes = rows
    ? [
        <XAxis key="x" type="number" reversed={rtl} tick={tick} {...values} />,
        <YAxis
          key="y"
          type="category"
          dataKey="x"
          orientation={rtl ? 'right' : 'left'}
          // Drawn as one line: recharts would wrap a name at spaces to fit the axis, and one row has room for one line.
          tick={({ x, y, textAnchor, payload }: YAxisTickContentProps) => (
            <text x={x} y={y} dy="0.355em" textAnchor={textAnchor} fill="currentColor" fontSize={12} className="recharts-cartesian-axis-tick-value">
              {shortened(category(payload.value))}
            </text>
          )}
          stroke="currentColor"
          interval={0}
          width={20 + longest * 7.5}
        />,
      ]
    : [
        <XAxis key="x" dataKey="x" reversed={rtl} tickFormatter={category} tick={tick} stroke="currentColor" minTickGap={16} />,
        <YAxis key="y" orientation={rtl ? 'right' : 'left'} tick={tick} width={chart.unit === 'seconds' ? 60 : 48} {...values} />,
      ]
  // System colours follow the page's light or dark scheme.
  const tooltip = (
    <Tooltip
      contentStyle={{ backgroundColor: 'Canvas', color: 'CanvasText', borderRadius: 8, textAlign: 'start' }}
      formatter={(shown) => value(Number(shown))}
      labelFormatter={category}
    />
  )
  const markers = chart.markers.map((marker, index) => (
    <ReferenceLine
      key={`${marker.x}-${index}`}
      x={marker.x}
      stroke="currentColor"
      strokeDasharray="4 2"
      label={{ value: '▼', position: 'top', fill: 'currentColor', fontSize: 10 }}
    />
  ))
  return (
    // SVG text is anchored left to right whatever the page's direction, so the mirrored axes place their labels outside the plot.
    // What the chart draws is the table's data (days, counts, names), formatted on the server: not for translation.
    <div role="img" aria-label={label} translate="no" className="mb-3 text-zinc-700 dark:text-zinc-300 [&_svg]:[direction:ltr]" data-testid="figure-chart">
      <Drawn {...common}>
        {grid}
        {axes}
        {tooltip}
        {chart.kind === 'line' ? null : (
          <Legend
            content={({ payload }) => (
              // Spaced with gaps, not the default's right margins, so the key reads the same in either direction;
              // the words take the page's colour (series colours are too light to read as text).
              <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-sm">
                {payload?.map((entry) => (
                  <li key={String(entry.value)} className="flex items-center gap-1.5">
                    <span aria-hidden="true" className="inline-block size-3 shrink-0" style={{ backgroundColor: entry.color }} />
                    {entry.value}
                  </li>
                ))}
              </ul>
            )}
          />
        )}
        {markers}
        {chart.series.map((series, index) => {
          const colour = COLOURS[index % COLOURS.length]
          return chart.kind === 'line' ? (
            <Line key={series.key} dataKey={series.key} name={series.label} stroke={colour} strokeWidth={2} dot={false} isAnimationActive={false} />
          ) : (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={series.label}
              fill={colour}
              stackId={chart.kind === 'stacked-bars' ? 'stack' : undefined}
              isAnimationActive={false}
            />
          )
        })}
      </Drawn>
      {chart.markers.length > 0 ? (
        <ul className="mt-2 text-xs" aria-hidden="true">
          {chart.markers.map((marker, index) => (
            <li key={`${marker.x}-${index}`}>{marker.text}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
