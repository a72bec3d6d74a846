// drafter serve: save what is being typed into the report (about a second after the last key, when
// the field is left, and once more when the tab is closed), show why a text is not accepted yet,
// and reload when the fact file was changed elsewhere (a hand edit). No other script runs.
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
  var problem = document.getElementById("field-error");
  var page = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var seq = 0, dirty = false, timer = null, leaving = false, inFlight = null, again = false;

  function say(state, text) {
    body.dataset.saveState = state;
    if (status) { status.textContent = text; }
  }

  function setVersion(version) {
    body.dataset.version = version;
    document.querySelectorAll("input.page-version").forEach(function (input) { input.value = version; });
  }

  function payload() {
    var data = new FormData();
    data.append("csrf", csrf);
    data.append("step", form.dataset.step);
    data.append("value", field.value);
    data.append("version", body.dataset.version);
    data.append("page", page);
    seq += 1;
    data.append("seq", String(seq));
    return data;
  }

  function time() {
    var now = new Date();
    return [now.getHours(), now.getMinutes(), now.getSeconds()].map(function (n) {
      return (n < 10 ? "0" : "") + n;
    }).join(":");
  }

  function save() {
    clearTimeout(timer);
    if (!field || !dirty) { return inFlight || Promise.resolve(); }
    if (inFlight) { again = true; return inFlight; }
    dirty = false;
    say("saving", "正在保存……");
    inFlight = fetch(base + "/save", { method: "POST", body: payload(), credentials: "same-origin",
                                      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.reload) { leaving = true; location.reload(); return; }
        if (answer.late) { return; }
        if (answer.problem) { say("failed", "没有保存：" + answer.problem); return; }
        if (answer.version) { setVersion(answer.version); }
        if (problem) {
          problem.textContent = answer.error || "";
          problem.hidden = !answer.error;
          field.classList.toggle("invalid", Boolean(answer.error));
        }
        if (answer.saved) {
          say("saved", "已自动保存到报告文件（" + time() + "）");
          var progress = document.getElementById("progress");
          if (progress && answer.progress) { progress.textContent = answer.progress; }
          document.querySelectorAll("button.jump").forEach(function (b) {
            if (b.value === form.dataset.step && answer.label) { b.textContent = answer.label; }
          });
          var frame = document.getElementById("preview-frame");
          if (frame && frame.contentWindow) { frame.contentWindow.location.reload(); }
        } else {
          say("draft", "这段文字还不能写入报告（原因见上方），已先存为草稿，改好后会自动写入。");
        }
      })
      .catch(function () { dirty = true; say("failed", "自动保存失败，稍后重试……"); timer = setTimeout(save, 3000); })
      .then(function () {
        inFlight = null;
        if (again) { again = false; return save(); }
      });
    return inFlight;
  }

  if (field) {
    field.addEventListener("input", function () {
      dirty = true;
      say("typing", "正在输入……");
      clearTimeout(timer);
      timer = setTimeout(save, 1000);
    });
    field.addEventListener("blur", save);
    field.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    window.addEventListener("pagehide", function () {
      if (!dirty) { return; }
      dirty = false;
      var data = payload();
      if (!(navigator.sendBeacon && navigator.sendBeacon(base + "/save", data))) {
        fetch(base + "/save", { method: "POST", body: data, credentials: "same-origin", keepalive: true });
      }
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

  // A hand edit of the fact file while the page is open: reload (what was typed is sent first; the
  // server keeps it beside the file rather than over the edit, and the reloaded page says where).
  function poll() {
    if (leaving) { return; }
    if (inFlight) { setTimeout(poll, 500); return; }
    fetch(base + "/state?v=" + encodeURIComponent(body.dataset.version), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (leaving) { return; }
        if (s.reload) {
          if (dirty) { save().then(function () { setTimeout(poll, 1000); }); return; }
          leaving = true;
          location.reload();
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
