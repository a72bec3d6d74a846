// drafter serve: autosave what is being typed (debounced, and once more when the tab closes),
// notice when the fact file changes on disk (a hand edit) and reload. No other script runs.
(function () {
  "use strict";
  var body = document.body;
  var upload = document.getElementById("upload-file");
  if (upload) {
    upload.addEventListener("change", function () {
      document.getElementById("upload-name").textContent = upload.files.length ? upload.files[0].name : "未选择文件";
    });
  }
  var name = body.dataset.name;
  if (!name) { return; }
  var base = "/r/" + encodeURIComponent(name);
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var form = document.getElementById("answer-form");
  var field = form ? form.querySelector(".autosave") : null;
  var status = document.getElementById("autosave-status");
  var dirty = false, timer = null, leaving = false, saving = null;

  function payload() {
    var data = new FormData();
    data.append("csrf", csrf);
    data.append("step", form.dataset.step);
    data.append("value", field.value);
    return data;
  }

  function save() {
    if (!field || !dirty) { return Promise.resolve(); }
    dirty = false;
    saving = fetch(base + "/draft", { method: "POST", body: payload(), credentials: "same-origin",
                                       headers: { "X-CSRF-Token": csrf } })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (status) { status.textContent = answer.saved ? "已自动保存草稿（提交“下一步”后写入报告）" : ""; }
        body.dataset.saved = String(Number(body.dataset.saved || "0") + 1);
        var frame = document.getElementById("preview-frame");
        if (answer.saved && frame && frame.contentWindow) { frame.contentWindow.location.reload(); }
        if (answer.reload && !leaving) { leaving = true; location.reload(); }
      })
      .catch(function () { dirty = true; if (status) { status.textContent = "自动保存失败，将重试……"; } });
    return saving;
  }

  if (field) {
    field.addEventListener("input", function () {
      dirty = true;
      if (status) { status.textContent = "正在输入……"; }
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    });
    field.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    window.addEventListener("pagehide", function () {
      if (dirty && navigator.sendBeacon) { navigator.sendBeacon(base + "/draft", payload()); dirty = false; }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
    var end = field.value.length;
    field.focus();
    if (field.setSelectionRange) { field.setSelectionRange(end, end); }
  }
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () { leaving = true; dirty = false; clearTimeout(timer); });
  });

  function poll() {
    if (leaving) { return; }
    fetch(base + "/state", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (leaving) { return; }
        if (s.version !== body.dataset.version) {
          leaving = true;
          clearTimeout(timer);
          (dirty ? (dirty = true, save()) : Promise.resolve()).then(function () { location.reload(); });
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
