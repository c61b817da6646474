// The queue's keyboard: j/k move, Enter opens, x selects, a assigns to me, / searches, n adds an article.
// Assigning, releasing and the bulk actions swap the table alone (htmx), so everything here is looked up
// when used, never kept from the page's first load; the row that was current stays current.
(function () {
  if (!document.getElementById("queue")) return;
  let current = null; // the current row's claim URL
  const rows = () => Array.from(document.querySelectorAll("#queue tbody tr[data-href]"));
  const boxOf = (row) => row.querySelector("input[name=claim_ids]");
  function refreshCount() {
    const all = rows();
    const n = all.filter((r) => boxOf(r).checked).length;
    document.getElementById("selected-count").textContent = n + " selected";
    all.forEach((r) => r.classList.toggle("checked", boxOf(r).checked));
  }
  function currentRow() {
    return rows().find((r) => r.dataset.href === current) || null;
  }
  function select(step) {
    const all = rows();
    if (!all.length) return;
    const at = all.indexOf(currentRow());
    const row = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
    current = row.dataset.href;
    all.forEach((r) => r.classList.toggle("selected", r === row));
    row.focus();
  }
  document.addEventListener("change", function (e) {
    if (e.target.id === "select-all") rows().forEach((r) => { boxOf(r).checked = e.target.checked; });
    if (e.target.closest("#queue")) refreshCount();
  });
  document.addEventListener("htmx:afterSettle", function () {
    refreshCount();
    const row = currentRow();
    if (row) { row.classList.add("selected"); row.focus(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.matches("input, textarea, select")) return;
    const row = currentRow();
    if (e.key === "j") select(1);
    else if (e.key === "k") select(-1);
    else if (e.key === "Enter" && row && !e.target.matches("button, a")) window.location = row.dataset.href;
    else if (e.key === "x" && row) {
      boxOf(row).checked = !boxOf(row).checked;
      refreshCount();
    } else if (e.key === "a" && row) {
      const button = row.querySelector("button[data-key=assign]");
      if (button) button.click();
    } else if (e.key === "/") {
      e.preventDefault();
      document.getElementById("queue-search").focus();
    } else if (e.key === "n") window.location = document.getElementById("queue").dataset.newArticleUrl;
  });
})();
