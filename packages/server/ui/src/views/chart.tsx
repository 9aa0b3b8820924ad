import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** One line of a chart. */
export interface ChartLine {
  label: string;
  color: string;
  values: (number | null)[];
}

/** Props of {@link Chart}. */
export interface ChartProps {
  title: string;
  /** What the y axis counts, after each value ("ms", "req/s", "%"). */
  unit: string;
  /** Bucket starts, epoch ms. */
  at: number[];
  lines: ChartLine[];
  /** Values are often missing (percentiles, rates): mark each point, or a lone one would not show. */
  sparse?: boolean;
}

const HEIGHT = 180;

/**
 * A uPlot line chart over time. The chart is made once per set of lines and given new data on
 * each update (uPlot redraws one canvas; nothing is rebuilt), and follows its box's width.
 */
export function Chart({ title, unit, at, lines, sparse = false }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const shape = lines.map((line) => `${line.label}:${line.color}`).join('|');
  const data: uPlot.AlignedData = [at.map((time) => time / 1000), ...lines.map((line) => line.values)];

  useEffect(() => {
    const element = box.current!;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_plot, min, max) => [0, Math.max(max ?? 0, min ?? 0, 1) * 1.1] } },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' } },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, values: (_plot, ticks) => ticks.map((tick) => `${tick}${unit}`), size: 60 },
      ],
      series: [
        {},
        ...lines.map((line) => ({ label: line.label, stroke: line.color, width: 2, spanGaps: false, points: { show: sparse, size: 6, fill: line.color } })),
      ],
    };
    plot.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
    // Remade only when the lines change; data alone goes through setData below.
  }, [shape, unit, sparse]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <figure class="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-box" />
    </figure>
  );
}
