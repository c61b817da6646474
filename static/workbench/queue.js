// The queue's keyboard: j/k move, Enter opens, x selects, a assigns to me, / searches, n adds an article.
(function () {
  const table = document.getElementById("queue");
  if (!table) return;
  const rows = Array.from(document.querySelectorAll("#queue tbody tr[data-href]"));
  const boxes = () => rows.map((r) => r.querySelector("input[name=claim_ids]"));
  const count = document.getElementById("selected-count");
  let current = -1;
  function refreshCount() {
    const n = boxes().filter((b) => b.checked).length;
    count.textContent = n + " selected";
    rows.forEach((r) => r.classList.toggle("checked", r.querySelector("input[name=claim_ids]").checked));
  }
  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.classList.toggle("selected", j === current));
    rows[current].focus();
  }
  document.getElementById("select-all").addEventListener("change", function () {
    boxes().forEach((b) => { b.checked = this.checked; });
    refreshCount();
  });
  table.addEventListener("change", refreshCount);
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.matches("input, textarea, select")) return;
    if (e.key === "j") select(current + 1);
    else if (e.key === "k") select(current - 1);
    else if (e.key === "Enter" && current >= 0 && !e.target.matches("button, a")) window.location = rows[current].dataset.href;
    else if (e.key === "x" && current >= 0) {
      const box = rows[current].querySelector("input[name=claim_ids]");
      box.checked = !box.checked;
      refreshCount();
    } else if (e.key === "a" && current >= 0) {
      const button = rows[current].querySelector("button[data-key=assign]");
      if (button) button.click();
    } else if (e.key === "/") {
      e.preventDefault();
      document.getElementById("queue-search").focus();
    } else if (e.key === "n") window.location = table.dataset.newArticleUrl;
  });
})();
