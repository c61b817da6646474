// The claim workspace: the evidence badge follows the search until it ends; Ctrl+S saves the draft.
(function () {
  const badge = document.getElementById("evidence-status");
  function poll() {
    if (!badge || badge.dataset.status === "done" || badge.dataset.status === "failed") return;
    fetch(badge.dataset.url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(r => r.json())
      .then(data => {
        badge.textContent = data.label;
        badge.title = data.title || "";
        badge.className = "badge ev-" + (data.badge || data.status);
        const was = badge.dataset.status;
        badge.dataset.status = data.status;
        if (data.status === "done" && was !== "done") window.location.reload();
        else setTimeout(poll, 1500);
      })
      .catch(() => setTimeout(poll, 5000));
  }
  setTimeout(poll, 1000);
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      const form = document.getElementById("verdict-form");
      if (form) { e.preventDefault(); form.querySelector("button[name=save]").click(); }
    }
  });
})();
