/**
 * The statistics of the answer on screen, as tables and bar charts, beside the raw JSON (tabs
 * above GraphiQL's response pane). Draws what statistics.ts computes: which tables an answer
 * holds, each table's cells, its CSV and its chart; nothing is decided here.
 */
import { useEditorContext } from '@graphiql/react';
import { useEffect, useId, useMemo, useState } from 'react';
import {
  chartModel,
  chartSeries,
  csvFileName,
  rootTerritories,
  statisticsOfResponse,
  suppressedCount,
  tableCsv,
  type ChartModel,
  type StatisticsTable,
  type TableCell,
} from './statistics';
import './statistics.css';

const SUPPRESSED_TEXT = 'suppressed (secret statistique)';

function legendText(threshold: number | undefined): string {
  const under = threshold !== undefined ? `under the threshold (< ${threshold})` : 'under the threshold';
  return `suppressed: ${under}, or would let such a cell be recomputed from the totals (secret statistique). Never a 0: the count is withheld.`;
}

/** The variables editor's JSON, or none when it does not parse. */
function variablesOf(text: string | undefined): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text?.trim() || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Tabs "JSON" / "Tables and charts" over the response pane, shown when the answer holds statistics. */
export function StatisticsTabs() {
  const { responseEditor, queryEditor, variableEditor } = useEditorContext({ nonNull: true });
  const [response, setResponse] = useState('');
  const [view, setView] = useState<'json' | 'tables'>('json');
  useEffect(() => {
    if (!responseEditor) return;
    const update = () => setResponse(responseEditor.getValue());
    update();
    responseEditor.on('change', update);
    return () => responseEditor.off('change', update);
  }, [responseEditor]);
  // Which territory each root field asked for is read when the answer arrives, from the query sent.
  const tables = useMemo(
    () => statisticsOfResponse(response, rootTerritories(queryEditor?.getValue() ?? '', variablesOf(variableEditor?.getValue()), queryEditor?.operationName ?? undefined)),
    [response],
  );
  if (tables.length === 0) return null;
  const ids = { json: 'passerelle-stats-tab-json', tables: 'passerelle-stats-tab-tables', panel: 'passerelle-stats-panel' };
  return (
    <div className="passerelle-stats">
      <div
        role="tablist"
        aria-label="How the answer is shown"
        className="passerelle-stats-tabs"
        onKeyDown={(event) => {
          // Arrow keys move between the two tabs (WAI-ARIA tabs pattern).
          if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
          const next = view === 'json' ? 'tables' : 'json';
          setView(next);
          document.getElementById(ids[next])?.focus();
        }}
      >
        <button type="button" role="tab" id={ids.json} aria-selected={view === 'json'} tabIndex={view === 'json' ? 0 : -1} onClick={() => setView('json')}>
          JSON
        </button>
        <button
          type="button"
          role="tab"
          id={ids.tables}
          aria-selected={view === 'tables'}
          aria-controls={ids.panel}
          tabIndex={view === 'tables' ? 0 : -1}
          onClick={() => setView('tables')}
        >
          Tables and charts ({tables.length})
        </button>
      </div>
      {view === 'tables' && (
        <div role="tabpanel" id={ids.panel} aria-labelledby={ids.tables} className="passerelle-stats-panel">
          {tables.map((table) => (
            <StatisticsTableView key={table.path.join('/')} table={table} />
          ))}
        </div>
      )}
    </div>
  );
}

function CellView({ cell, threshold }: { cell: TableCell; threshold: number | undefined }) {
  if (cell.kind === 'suppressed') {
    return (
      <td className="suppressed" data-suppressed="true" title={legendText(threshold)}>
        <span aria-hidden="true">s</span>
        <span className="passerelle-visually-hidden">{SUPPRESSED_TEXT}</span>
      </td>
    );
  }
  if (cell.kind === 'empty') {
    return (
      <td className="empty" title="nothing to compute it on">
        <span aria-hidden="true">–</span>
        <span className="passerelle-visually-hidden">no value</span>
      </td>
    );
  }
  return <td>{cell.text}</td>;
}

function download(table: StatisticsTable) {
  const url = URL.createObjectURL(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(table);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function StatisticsTableView({ table }: { table: StatisticsTable }) {
  const suppressed = suppressedCount(table);
  const captionId = useId();
  const dimensions = [table.rowDimension && `rows: ${table.rowDimension}`, table.columnDimension && `columns: ${table.columnDimension}`].filter(Boolean).join(' · ');
  return (
    <section className="passerelle-stats-table" data-path={table.path.join('.')} aria-labelledby={captionId}>
      <div className="passerelle-stats-head">
        <h3 id={captionId}>
          {table.title}
          <span className="passerelle-stats-meta">
            {dimensions && ` ${dimensions}`}
            {suppressed > 0 && ` · ${suppressed} cell${suppressed > 1 ? 's' : ''} suppressed`}
          </span>
        </h3>
        <button type="button" className="passerelle-stats-csv" onClick={() => download(table)}>
          Download CSV
        </button>
      </div>
      <div className="passerelle-stats-scroll">
        <table>
          {/* The table's name for assistive technology; the heading above shows it. */}
          <caption className="passerelle-visually-hidden">
            {table.title}
            {dimensions && ` (${dimensions})`}
            {suppressed > 0 && `, ${suppressed} cell${suppressed > 1 ? 's' : ''} suppressed`}
          </caption>
          <thead>
            <tr>
              {[...table.labelHeaders, ...table.valueHeaders].map((header, i) => (
                <th key={i} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i} className={row.total ? 'total' : undefined}>
                {row.labels.map((label, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {label}
                    </th>
                  ) : (
                    <td key={j}>{label}</td>
                  ),
                )}
                {row.cells.map((cell, j) => (
                  <CellView key={`c${j}`} cell={cell} threshold={table.threshold} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {suppressed > 0 && (
        <p className="passerelle-stats-legend">
          <span className="passerelle-stats-swatch" aria-hidden="true">
            s
          </span>{' '}
          {legendText(table.threshold)}
        </p>
      )}
      <ChartView table={table} />
    </section>
  );
}

function ChartView({ table }: { table: StatisticsTable }) {
  const options = chartSeries(table);
  const [series, setSeries] = useState(options[0]!);
  const chart = chartModel(table, series);
  const selectId = useId();
  if (!chart) return null;
  return (
    <figure className="passerelle-stats-chart">
      <figcaption>
        Bars {chart.caption}
        {options.length > 1 ? (
          <>
            {' '}
            <label htmlFor={selectId}>of</label>{' '}
            <select id={selectId} value={chart.series} onChange={(event) => setSeries(event.target.value)}>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </>
        ) : (
          ` (${chart.series})`
        )}
      </figcaption>
      <BarChart chart={chart} title={`${table.title}, ${chart.series}, ${chart.caption}`} />
    </figure>
  );
}

const HEIGHT = 180;
const TOP = 12;
const BAR = 26;
const GAP = 10;
/** Longest label drawn under a bar (the whole one is in the bar's title); its glyphs' width. */
const LABEL_CHARS = 16;
const CHAR_WIDTH = 6.2;
const SLANT = (40 * Math.PI) / 180;

const shortLabel = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

function BarChart({ chart, title }: { chart: ChartModel; title: string }) {
  const id = useId().replace(/:/g, '');
  // Room for the slanted labels: below the axis, and left of the first bar.
  const longest = Math.max(...chart.bars.map((b) => shortLabel(b.label).length)) * CHAR_WIDTH;
  const BOTTOM = Math.ceil(16 + longest * Math.sin(SLANT));
  const LEFT = Math.max(44, Math.ceil(longest * Math.cos(SLANT) - GAP - BAR / 2 + 4));
  const width = LEFT + chart.bars.length * (BAR + GAP) + GAP;
  const y = (share: number) => TOP + HEIGHT * (1 - share);
  const description = chart.bars.map((b) => `${b.label}: ${b.kind === 'value' ? b.value : b.kind === 'suppressed' ? 'suppressed' : 'no value'}`).join('; ');
  return (
    <svg
      className="passerelle-bar-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      width={width}
      height={TOP + HEIGHT + BOTTOM}
      viewBox={`0 0 ${width} ${TOP + HEIGHT + BOTTOM}`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="hatch-ground" />
          <line x1="0" y1="0" x2="0" y2="6" className="hatch-line" />
        </pattern>
      </defs>
      {chart.ticks.map((tick) => (
        <g key={tick} className="tick">
          <line x1={LEFT - 4} x2={width} y1={y(tick / chart.max)} y2={y(tick / chart.max)} />
          <text x={LEFT - 6} y={y(tick / chart.max) + 4} textAnchor="end">
            {tick}
          </text>
        </g>
      ))}
      {chart.bars.map((bar, i) => {
        const x = LEFT + GAP + i * (BAR + GAP);
        const label = (
          <text className="bar-label" x={x + BAR / 2} y={TOP + HEIGHT + 10} textAnchor="end" transform={`rotate(-40 ${x + BAR / 2} ${TOP + HEIGHT + 10})`}>
            {shortLabel(bar.label)}
          </text>
        );
        if (bar.kind === 'suppressed') {
          return (
            <g key={i} className="bar suppressed" data-kind="suppressed">
              <title>{`${bar.label}: suppressed (secret statistique), not 0`}</title>
              <rect x={x} y={TOP} width={BAR} height={HEIGHT} fill={`url(#${id}-hatch)`} />
              <text className="bar-mark" x={x + BAR / 2} y={TOP + HEIGHT - 6} textAnchor="middle">
                s
              </text>
              {label}
            </g>
          );
        }
        if (bar.kind === 'empty') {
          return (
            <g key={i} className="bar empty" data-kind="empty">
              <title>{`${bar.label}: no value`}</title>
              <text className="bar-mark" x={x + BAR / 2} y={TOP + HEIGHT - 6} textAnchor="middle">
                –
              </text>
              {label}
            </g>
          );
        }
        const top = y(bar.height ?? 0);
        return (
          <g key={i} className="bar" data-kind="value" data-value={bar.value}>
            <title>{`${bar.label}: ${bar.value}`}</title>
            <rect x={x} y={top} width={BAR} height={TOP + HEIGHT - top} />
            {label}
          </g>
        );
      })}
      <line className="axis" x1={LEFT} x2={width} y1={TOP + HEIGHT} y2={TOP + HEIGHT} />
    </svg>
  );
}
