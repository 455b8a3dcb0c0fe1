'use client'

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import type { Chart } from '@/lib/rollout/view'

/**
 * One of the dashboard's charts (recharts). It is a picture of the table that
 * follows it: screen readers get its summary as the image's name and the
 * table itself, so the chart's own keyboard layer is off. The colours read on
 * light and dark backgrounds alike; text takes the page's colour.
 */

const COLOURS = ['#6366f1', '#10b981', '#f59e0b', '#ec4899', '#0ea5e9']
const UNITS = { count: '', percent: '%', seconds: ' s' } as const

export function FigureChart({ chart, label }: { chart: Chart; label: string }) {
  const unit = UNITS[chart.unit]
  const Drawn = chart.kind === 'line' ? LineChart : BarChart
  const common = {
    data: chart.points,
    responsive: true,
    accessibilityLayer: false,
    margin: { top: 16, right: 8, bottom: 0, left: 0 },
    style: { width: '100%', aspectRatio: 2, maxHeight: 320 },
  }
  const grid = <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
  const axes = [
    <XAxis key="x" dataKey="x" tick={{ fill: 'currentColor', fontSize: 12 }} stroke="currentColor" minTickGap={16} />,
    <YAxis
      key="y"
      tick={{ fill: 'currentColor', fontSize: 12 }}
      stroke="currentColor"
      width={44}
      allowDecimals={chart.unit !== 'count'}
      unit={unit}
      domain={chart.unit === 'percent' ? [0, 100] : [0, 'auto']}
    />,
  ]
  // System colours follow the page's light or dark scheme.
  const tooltip = (
    <Tooltip contentStyle={{ backgroundColor: 'Canvas', color: 'CanvasText', borderRadius: 8 }} formatter={(value) => `${String(value)}${unit}`} />
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
    <div role="img" aria-label={label} className="mb-3 text-zinc-700 dark:text-zinc-300" data-testid="figure-chart">
      <Drawn {...common}>
        {grid}
        {axes}
        {tooltip}
        {chart.kind === 'line' ? null : <Legend />}
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
            <li key={`${marker.x}-${index}`}>
              ▼ {marker.x}: {marker.label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
