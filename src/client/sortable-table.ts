/**
 * <sortable-table>: lets a reader sort a server-rendered table by any column whose header has
 * `data-sort`. Without JavaScript the table is simply shown in its server order.
 * Cells may carry `data-sort-value` (a number or a string) when their text does not sort well.
 */
class SortableTable extends HTMLElement {
  connectedCallback(): void {
    const table = this.querySelector('table');
    const body = table?.tBodies[0];
    if (!table || !body) return;
    const headers = [...table.querySelectorAll<HTMLTableCellElement>('thead th')];
    headers.forEach((th, column) => {
      if (!th.hasAttribute('data-sort')) return;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      // The header's label goes into the button; a link in the header (to an explainer) stays out
      // of it, after it: a link inside a button is one control inside another, which neither a
      // keyboard nor a screen reader can tell apart.
      button.append(...[...th.childNodes].filter((n) => !(n instanceof Element && n.matches('a, :has(a)'))));
      th.prepend(button);
      button.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        for (const other of headers) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const key = (row: HTMLTableRowElement) => {
          const cell = row.cells[column];
          const raw = cell?.dataset['sortValue'] ?? cell?.textContent.trim() ?? '';
          const n = Number(raw);
          return raw !== '' && Number.isFinite(n) ? n : raw;
        };
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        body.append(...rows);
      });
    });
  }
}

customElements.define('sortable-table', SortableTable);
