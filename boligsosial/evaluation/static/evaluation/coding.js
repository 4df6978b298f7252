// "Bruk markert tekst": copy the text selected in the source into the excerpt field, with
// its position so the server picks the right occurrence. Keyboard users can select with
// Shift+arrow keys in the focusable text region, or type/paste the excerpt directly.
(function () {
  "use strict";
  var button = document.getElementById("ev-use-selection");
  var field = document.getElementById("id_excerpt");
  var near = document.getElementById("id_near");
  var source = document.getElementById("ev-source-text");
  if (!button || !field || !source) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !source.contains(selection.anchorNode)) {
      document.getElementById("ev-selection-status").textContent = button.dataset.empty;
      return;
    }
    var range = selection.getRangeAt(0);
    var before = document.createRange();
    before.setStart(source, 0);
    before.setEnd(range.startContainer, range.startOffset);
    field.value = selection.toString();
    if (near) { near.value = Array.from(before.toString()).length - Number(source.dataset.offset || 0); }
    document.getElementById("ev-selection-status").textContent = button.dataset.done;
    field.focus();
  });
})();
