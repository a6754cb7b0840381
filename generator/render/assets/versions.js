// Version switcher: the page names its own version; the list of versions is one shared script
// (versions-list.js, beside the version folders) loaded by a <script> tag, so switching works
// over http and from file:// alike, and keeps the reader on the same page where it exists.
(function () {
  "use strict";
  var data = document.getElementById("pb-versions");
  var shared = window.playbookVersions;
  if (!data || !shared) return;
  var versions = {
    current: JSON.parse(data.textContent).current,
    latest: shared.latest,
    versions: shared.versions
  };
  var base = data.getAttribute("data-base") || ".";
  var page = data.getAttribute("data-page") || "index.html";
  if (page === "" || page.slice(-1) === "/") page += "index.html";

  var select = document.createElement("select");
  select.className = "pb-version-select";
  select.setAttribute("aria-label", "Playbook version");
  versions.versions.forEach(function (entry) {
    var option = document.createElement("option");
    option.value = entry.version;
    option.textContent = entry.version + (entry.version === versions.latest ? " (latest)" : "");
    option.selected = entry.version === versions.current;
    select.appendChild(option);
  });
  select.addEventListener("change", function () {
    var entry = versions.versions.filter(function (v) { return v.version === select.value; })[0];
    var target = entry.pages.indexOf(page) !== -1 ? page : "index.html";
    window.location.href = base + "/../" + entry.version + "/" + target;
  });

  var wrapper = document.createElement("div");
  wrapper.className = "pb-version";
  wrapper.appendChild(select);
  var title = document.querySelector(".md-header__title");
  if (title && title.parentNode) title.parentNode.insertBefore(wrapper, title.nextSibling);
})();
