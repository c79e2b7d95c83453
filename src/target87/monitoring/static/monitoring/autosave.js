/* Questionnaire drafts: saved to the server as the focal point types, and kept on the
   device while the connection is lost, then sent again. No inline script (CSP: 'self'). */
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form || form.dataset.editable !== "1") { return; }
  var status = document.getElementById("autosave-status");
  var key = form.dataset.storageKey;
  var timer = null;
  var pending = false;

  function say(text) { if (status) { status.textContent = text; } }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit") { return; }
      data[el.name] = el.type === "checkbox" ? (el.checked ? "yes" : "") : el.value;
    });
    return data;
  }

  function keepLocally() {
    try { localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), data: snapshot() })); }
    catch (e) { /* storage full or disabled: the server copy is all there is */ }
  }

  function save() {
    timer = null;
    keepLocally();
    var body = new FormData(form);
    body.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (result) {
      if (!result.ok) { say(result.json.error || form.dataset.msgOffline); return; }
      pending = false;
      form.dataset.savedAt = result.json.saved_at;
      localStorage.removeItem(key);
      var label = document.getElementById("saved-label");
      if (label) { label.textContent = result.json.saved_label; }
      say(form.dataset.msgSaved + " · " + result.json.saved_label);
    }).catch(function () {
      pending = true;
      say(form.dataset.msgOffline);
    });
  }

  function schedule() {
    keepLocally();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  }

  function restore() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.data) { return; }
    if (form.dataset.savedAt && stored.at <= form.dataset.savedAt) { localStorage.removeItem(key); return; }
    Object.keys(stored.data).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || el.type === "submit") { return; }
      if (el.type === "checkbox") { el.checked = stored.data[name] === "yes"; } else { el.value = stored.data[name]; }
    });
    say(form.dataset.msgRestored);
    pending = true;
  }

  restore();
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  window.addEventListener("online", function () { if (pending) { save(); } });
  form.addEventListener("submit", function () { keepLocally(); });
})();
