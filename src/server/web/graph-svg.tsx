import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, WorkflowGraph } from '../../core/workflow-graph.js';

/**
 * Draws a workflow graph (src/core/workflow-graph.ts) as inline SVG, laid out top to bottom by
 * dagre. Drawn at its natural size inside a scrolling box, so a 50-task workflow stays readable
 * rather than shrinking to fit. A published version's pictures never change, so they are cached.
 */

const CHAR = 7.3; // width of one 12px monospace character
const LABEL_CHARS = 44;
const NODE_MAX_CHARS = 38;
const LINE = 15;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PlacedNode extends GraphNode {
  box: Box;
  lines: Array<{ text: string; className: string }>;
}

interface PlacedEdge extends GraphEdge {
  points: Array<{ x: number; y: number }>;
  label?: { x: number; y: number; text: string; width: number };
}

interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

function clip(text: string, max: number): string {
  const flat = text.replaceAll(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function linesOf(node: GraphNode): PlacedNode['lines'] {
  if (node.type !== 'task') return [{ text: node.label, className: 'task' }];
  const lines = [{ text: clip(node.label, NODE_MAX_CHARS), className: 'task' }];
  lines.push({ text: clip(node.action ?? '(no action)', NODE_MAX_CHARS), className: 'action' });
  if (node.join !== undefined) lines.push({ text: `join: ${node.join}`, className: 'note' });
  if (node.withItems) {
    const concurrency = node.withItems.concurrency ? ` ×${node.withItems.concurrency}` : '';
    lines.push({
      text: clip(`with: ${node.withItems.items}${concurrency}`, NODE_MAX_CHARS),
      className: 'note',
    });
  }
  if (node.retry) lines.push({ text: 'retry', className: 'note' });
  return lines;
}

function layoutGraph(graph: WorkflowGraph): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 46, edgesep: 14, marginx: 12, marginy: 12 });
  const lines = new Map<string, PlacedNode['lines']>();
  for (const node of graph.nodes) {
    const text = linesOf(node);
    lines.set(node.id, text);
    const longest = Math.max(...text.map((line) => line.text.length));
    const round = node.type === 'start' || node.type === 'end';
    g.setNode(node.id, {
      width: round ? 64 : Math.max(90, longest * CHAR + 20),
      height: round ? 30 : text.length * LINE + 12,
    });
  }
  for (const edge of graph.edges) {
    const text = edge.when === undefined ? undefined : clip(edge.when, LABEL_CHARS);
    g.setEdge(
      edge.from,
      edge.to,
      text === undefined ? {} : { width: text.length * 6.6 + 8, height: 16, labelpos: 'c' },
      edge.id,
    );
  }
  dagre.layout(g);
  const nodes = graph.nodes.map((node): PlacedNode => {
    const placed = g.node(node.id);
    return {
      ...node,
      lines: lines.get(node.id)!,
      box: {
        x: placed.x - placed.width / 2,
        y: placed.y - placed.height / 2,
        width: placed.width,
        height: placed.height,
      },
    };
  });
  const edges = graph.edges.map((edge): PlacedEdge => {
    const placed = g.edge({ v: edge.from, w: edge.to, name: edge.id });
    const result: PlacedEdge = { ...edge, points: placed.points ?? [] };
    if (edge.when !== undefined && placed.x !== undefined && placed.y !== undefined) {
      const text = clip(edge.when, LABEL_CHARS);
      result.label = { x: placed.x, y: placed.y, text, width: text.length * 6.6 + 8 };
    }
    return result;
  });
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 100), height: Math.ceil(size.height ?? 60), nodes, edges };
}

function pathOf(points: PlacedEdge['points']): string {
  return points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)} ${point.y.toFixed(1)}`)
    .join(' ');
}

function edgeTitle(edge: GraphEdge, nodes: Map<string, GraphNode>): string {
  const from = nodes.get(edge.from)?.label ?? edge.from;
  const to = nodes.get(edge.to)?.label ?? edge.to;
  let title = `${from} → ${to}${edge.when === undefined ? '' : ` when ${edge.when}`}`;
  if (edge.status !== 'same') title += ` (${edge.status})`;
  if (edge.before) title += `; before: ${edge.before.join(' | ')}`;
  return title;
}

function nodeTitle(node: GraphNode): string {
  const parts = [node.type === 'task' ? `task ${node.label}` : node.label];
  if (node.action) parts.push(`calls ${node.action}`);
  if (node.join !== undefined) parts.push(`joins ${node.join}`);
  if (node.withItems) parts.push(`with items ${node.withItems.items}`);
  if (node.status !== 'same') parts.push(`(${node.status})`);
  return parts.join(', ');
}

function Node({ node }: { node: PlacedNode }) {
  const { box } = node;
  const cx = box.x + box.width / 2;
  if (node.type === 'start' || node.type === 'end') {
    return (
      <g class={`node ${node.type}`}>
        <title>{node.label}</title>
        <ellipse cx={cx} cy={box.y + box.height / 2} rx={box.width / 2} ry={box.height / 2} />
        <text x={cx} y={box.y + box.height / 2 + 4} text-anchor="middle">
          {node.label}
        </text>
      </g>
    );
  }
  return (
    <g class={`node ${node.type} ${node.status}`}>
      <title>{nodeTitle(node)}</title>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={node.type === 'command' ? 14 : 5} />
      {node.lines.map((line, index) => (
        <text class={line.className} x={cx} y={box.y + 6 + LINE * (index + 1) - 3} text-anchor="middle">
          {line.text}
        </text>
      ))}
    </g>
  );
}

/** One workflow as an SVG picture; `id` makes its marker ids unique on the page. */
export function WorkflowGraphSvg(props: { graph: WorkflowGraph; id: string; title: string }) {
  const layout = layoutGraph(props.graph);
  const byId = new Map(props.graph.nodes.map((node) => [node.id, node]));
  const arrow = `${props.id}-arrow`;
  const tasks = props.graph.nodes.filter((node) => node.type === 'task').length;
  return (
    <div class="graph">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby={`${props.id}-title`}
      >
        <title id={`${props.id}-title`}>{`${props.title}: ${tasks} tasks`}</title>
        <defs>
          <marker
            id={arrow}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0 0 L10 5 L0 10 z" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <g class={`edge ${edge.status}`}>
            <title>{edgeTitle(edge, byId)}</title>
            <path d={pathOf(edge.points)} marker-end={`url(#${arrow})`} />
            {edge.label ? (
              <>
                <rect
                  x={edge.label.x - edge.label.width / 2}
                  y={edge.label.y - 9}
                  width={edge.label.width}
                  height={16}
                />
                <text x={edge.label.x} y={edge.label.y + 3} text-anchor="middle">
                  {edge.label.text}
                </text>
              </>
            ) : null}
          </g>
        ))}
        {layout.nodes.map((node) => (
          <Node node={node} />
        ))}
      </svg>
    </div>
  );
}

const CACHE_LIMIT = 500;
const drawn = new Map<string, string>();

/** Whether the picture cached under `key` exists (then its workflow file need not be read). */
export function isGraphCached(key: string): boolean {
  return drawn.has(key);
}

/**
 * The picture of an immutable workflow (`key`: the version's integrity and the file), drawn once:
 * `graphOf` is only called when it is not cached. Undefined when there is no graph to draw.
 */
export function cachedGraphSvg(
  key: string,
  graphOf: () => WorkflowGraph | undefined,
  props: { id: string; title: string },
): string | undefined {
  const hit = drawn.get(key);
  if (hit !== undefined) return hit;
  const graph = graphOf();
  if (!graph) return undefined;
  const svg = String(<WorkflowGraphSvg graph={graph} id={props.id} title={props.title} />);
  if (drawn.size >= CACHE_LIMIT) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}
