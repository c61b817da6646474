// The claim workspace's keyboard and view. htmx (base.html) does the partial updates: the evidence badge's
// polling, marks, citations and drafts; this script adds the keys listed on the page, keeps the current
// candidate across swaps, and opens the article excerpt at the highlighted claim.
(function () {
  const STANCE_KEYS = {s: "supports", r: "refutes", c: "context", i: "irrelevant"};
  let current = null; // the document id of the current candidate: its <li> is replaced when it is marked

  function candidates() {
    return Array.from(document.querySelectorAll("#candidates > li.candidate"));
  }
  function currentItem() {
    return current && document.getElementById("doc-" + current);
  }
  function show(item, focus) {
    candidates().forEach((li) => li.classList.toggle("current", li === item));
    if (!item) return;
    current = item.dataset.document;
    if (focus) {
      item.focus({preventScroll: true});
      item.scrollIntoView({block: "nearest"});
    }
  }
  function move(step) {
    const items = candidates();
    if (!items.length) return;
    const at = items.indexOf(currentItem());
    const next = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, at + step));
    show(items[next], true);
  }
  function press(selector) {
    const item = currentItem() || candidates()[0];
    if (!item) return;
    show(item, false);
    const button = item.querySelector(selector);
    if (button) button.click();
  }
  function openAtClaim() {
    // The excerpt box scrolls, not the page: the claim sits a third of the way down it.
    const box = document.getElementById("excerpt");
    const mark = box && box.querySelector("mark.claim");
    if (!mark) return;
    box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
  }

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === "s") {
      const save = document.querySelector("#verdict-form button[name=save]");
      if (save) { e.preventDefault(); save.click(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.matches("input, textarea, select, [contenteditable]")) return;
    if (e.key === "j") move(1);
    else if (e.key === "k") move(-1);
    else if (STANCE_KEYS[e.key]) press("button[data-key=" + STANCE_KEYS[e.key] + "]");
    else if (e.key === "q") press("button[data-key=cite]");
    else if (e.key === "v") {
      const field = document.querySelector("#verdict-form select[name=rating]");
      if (field) { e.preventDefault(); field.focus(); field.scrollIntoView({block: "nearest"}); }
    } else if (e.key === "n") {
      const workspace = document.getElementById("workspace");
      if (workspace) window.location = workspace.dataset.nextUrl;
    } else return;
    e.preventDefault();
  });
  // A click on a candidate makes it the current one, for the keys that follow.
  document.addEventListener("click", function (e) {
    const item = e.target.closest && e.target.closest("#candidates > li.candidate");
    if (item) show(item, false);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    if (e.target.id === "workspace") openAtClaim();
    const item = currentItem();
    // A marked candidate came back: it stays the current one, and focus returns to it if it was lost.
    if (item) show(item, document.activeElement === document.body || !document.activeElement);
  });
  openAtClaim();
})();
