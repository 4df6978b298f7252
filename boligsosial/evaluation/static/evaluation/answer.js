// Show or hide questions whose conditions depend on earlier answers. The same expression
// tree the server evaluates (evaluation/conditions.py) arrives as JSON. Without this script
// every question is shown and the server ignores answers to questions whose conditions fail.
(function () {
  "use strict";
  var data = document.getElementById("ev-relevance");
  var form = document.getElementById("ev-answer-form");
  if (!data || !form) { return; }
  var rules = JSON.parse(data.textContent);

  function answer(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.value); }
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
      }
    });
    if (inputs.length && inputs[0].type === "checkbox") { return values; }
    return values.length ? values[0] : "";
  }
  function text(v) { return Array.isArray(v) ? v.join(" ") : (v === null || v === undefined ? "" : String(v)); }
  function num(v) { var n = parseFloat(text(v).replace(",", ".")); return isNaN(n) ? null : n; }
  function value(node) {
    if (node[0] === "ref") { return answer(node[1]); }
    if (node[0] === "lit" || node[0] === "num") { return node[1]; }
    return evaluate(node);
  }
  function evaluate(node) {
    switch (node[0]) {
      case "or": return !!evaluate(node[1]) || !!evaluate(node[2]);
      case "and": return !!evaluate(node[1]) && !!evaluate(node[2]);
      case "cmp": {
        var op = node[1], l = value(node[2]), r = value(node[3]), a, b;
        if (node[2][0] === "num" || node[3][0] === "num" || ["<", "<=", ">", ">="].indexOf(op) >= 0) {
          a = num(l); b = num(r);
          if (a === null || b === null) { return op === "!=" && ((a === null) !== (b === null)); }
        } else { a = text(l); b = text(r); }
        return { "=": a === b, "!=": a !== b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b }[op];
      }
      case "fn": {
        var v = value(node[2]);
        if (node[1] === "not") { return !evaluate(node[2]); }
        var list = Array.isArray(v) ? v : text(v).split(/\s+/).filter(Boolean);
        if (node[1] === "selected") { return list.indexOf(text(value(node[3]))) >= 0; }
        if (node[1] === "count-selected") { return list.length; }
        if (node[1] === "string-length") { return text(v).length; }
        return false;
      }
      default: { var x = value(node); return !(x === "" || x === null || (Array.isArray(x) && !x.length)); }
    }
  }
  function update() {
    Object.keys(rules).forEach(function (name) {
      var block = document.getElementById("question-" + name);
      if (block) { block.hidden = !evaluate(rules[name]); }
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
