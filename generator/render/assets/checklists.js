// Failure-mode checklists: each tick is remembered in this browser (localStorage), per checklist.
(function () {
  "use strict";
  var PREFIX = "playbook-checklist:";

  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + key) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(key, items) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(items));
    } catch (error) {
      // Storage may be disabled; the boxes still work for this visit.
    }
  }

  function setUp(list) {
    var key = list.getAttribute("data-checklist");
    var boxes = list.querySelectorAll("input[type=checkbox][data-item]");
    var checked = load(key);
    boxes.forEach(function (box) {
      box.checked = checked.indexOf(box.getAttribute("data-item")) !== -1;
      box.addEventListener("change", function () {
        var now = [];
        boxes.forEach(function (other) {
          if (other.checked) now.push(other.getAttribute("data-item"));
        });
        save(key, now);
      });
    });
    var reset = list.querySelector(".pb-checklist-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        save(key, []);
      });
    }
  }

  document.querySelectorAll("[data-checklist]").forEach(setUp);
})();
