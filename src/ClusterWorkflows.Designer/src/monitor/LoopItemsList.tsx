import { useId, useMemo, useState } from "react";
import type { StepView } from "../api/types";
import { loopItems, shownOrder, type Shown } from "./runState";

const pageSize = 100;

/**
 * The drill-down of one forEach: its items with their state, filtered and paged (a loop over
 * 500 hosts is one group on the graph and a list here, never 500 nodes).
 */
export function LoopItemsList({ records, loopPath, selected, onSelect }: { records: Iterable<StepView>; loopPath: string; selected: string | undefined; onSelect: (prefix: string) => void }) {
  const id = useId();
  const items = useMemo(() => loopItems(records, loopPath), [records, loopPath]);
  const [filter, setFilter] = useState<Shown | "">("");
  const [page, setPage] = useState(0);
  const shownItems = filter ? items.filter((i) => i.state.shown === filter) : items;
  const pages = Math.max(1, Math.ceil(shownItems.length / pageSize));
  const visible = shownItems.slice(page * pageSize, (page + 1) * pageSize);
  return (
    <section aria-label={`Items of ${loopPath}`}>
      <h3>{items.length} items of {loopPath}</h3>
      <label htmlFor={`${id}-f`} className="sr-only">Show items</label>
      <select id={`${id}-f`} value={filter} onChange={(e) => { setFilter(e.target.value as Shown | ""); setPage(0); }}>
        <option value="">all ({items.length})</option>
        {shownOrder.map((s) => {
          const n = items.filter((i) => i.state.shown === s).length;
          return n > 0 ? <option key={s} value={s}>{s} ({n})</option> : null;
        })}
      </select>
      <div className="items-list">
        <ul>
          {visible.map((item) => (
            <li key={item.prefix}>
              <button type="button" className="link" aria-pressed={selected === item.prefix} onClick={() => onSelect(item.prefix)}>{item.key}</button>
              <span className={`badge status-${item.state.shown}`}>{item.state.shown}</span>
            </li>
          ))}
        </ul>
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" className="small" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
          <span>page {page + 1} of {pages}</span>
          <button type="button" className="small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      )}
    </section>
  );
}
