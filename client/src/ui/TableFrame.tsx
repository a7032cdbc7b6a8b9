// Vibe's table, made to hold up in monday's narrower board views and for screen readers:
// - it scrolls sideways inside a frame that shows there is more (a fade at the edge that hides
//   columns, a visible scrollbar, the first column kept in place), and the frame can be focused
//   and scrolled from the keyboard when it scrolls;
// - the header cells sit in a row, as ARIA's table requires (Vibe's TableHeader puts them straight
//   into the row group, which screen readers cannot read as a header row);
// - an empty or failed table shows its state in the frame, not in the table's row group, where
//   Vibe puts it and where only rows may be.
import { Table, TableHeader, TableHeaderCell, TableRow, type TableColumn } from "@vibe/core";
import { useEffect, useRef, useState, type ComponentProps } from "react";
import styles from "./TableFrame.module.css";

interface Edges {
  /** columns are hidden to the left (it has been scrolled) */
  left: boolean;
  /** columns are hidden to the right */
  right: boolean;
}

function useHiddenEdges(scroller: React.RefObject<HTMLDivElement | null>): Edges {
  const [edges, setEdges] = useState<Edges>({ left: false, right: false });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => {
      const left = el.scrollLeft > 1;
      const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setEdges((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    el.addEventListener("scroll", update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener("scroll", update);
    };
  }, [scroller]);
  return edges;
}

interface Props extends ComponentProps<typeof Table> {
  /** what the table is, for the scrolling region's name ("Webhooks on this board") */
  label: string;
  /** loaded, and without rows: the empty state shows instead of the table */
  empty: boolean;
}

export function TableFrame({ label, empty, ...table }: Props) {
  const standIn = table.dataState?.isError ? table.errorState : empty && !table.dataState?.isLoading ? table.emptyState : null;
  if (standIn) {
    return (
      <div className={styles.standIn} data-testid={table["data-testid"]}>
        {standIn}
      </div>
    );
  }
  return <ScrollingTable label={label} {...table} />;
}

function ScrollingTable({ label, children, className, ...table }: Omit<Props, "empty">) {
  const scroller = useRef<HTMLDivElement>(null);
  const hidden = useHiddenEdges(scroller);
  const scrolls = hidden.left || hidden.right;
  return (
    <div className={styles.frame} data-hidden-left={hidden.left || undefined} data-hidden-right={hidden.right || undefined}>
      <div
        ref={scroller}
        className={styles.scroller}
        // a region that scrolls must be reachable without a mouse
        {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": `${label} (scrolls sideways)` } : {})}
        data-testid={table["data-testid"] ? `${table["data-testid"]}-scroller` : undefined}
      >
        <Table {...table} className={[styles.table, className].filter(Boolean).join(" ")}>
          {children}
        </Table>
      </div>
    </div>
  );
}

/** The header row; the first column stays in place while the rest scrolls. */
export function TableHeaderRow({ columns }: { columns: TableColumn[] }) {
  return (
    <TableHeader className={styles.header}>
      <TableRow>
        {columns.map((c, i) => (
          <TableHeaderCell key={c.id} title={c.title} sticky={i === 0} />
        ))}
      </TableRow>
    </TableHeader>
  );
}
