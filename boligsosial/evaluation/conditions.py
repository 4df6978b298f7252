"""Conditions on earlier answers and answer rules, in the XLSForm expression language.

Supported (the part of XPath that questionnaires like appendix 1 need):

- references `${name}` and `.` (the current answer, in constraints)
- text in single or double quotes, numbers
- comparisons `=`, `!=`, `<`, `<=`, `>`, `>=`
- `and`, `or`, `not(...)`, parentheses
- `selected(${name}, 'value')`, `count-selected(${name})`, `string-length(${name})`

Anything else is refused with the feature named, so an imported form never silently
loses a rule. Expressions are parsed into a small tree (JSON-able lists) that the server
evaluates and the browser script (`evaluation/conditions.js`) evaluates the same way.
"""

import re

from django.utils.translation import gettext as _


class UnsupportedExpression(ValueError):
    pass


TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{[A-Za-z_][A-Za-z0-9_.-]*\})
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<comma>,)
      | (?P<dot>\.(?![0-9]))
      | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
      | (?P<other>\S+)
    )""",
    re.VERBOSE,
)

FUNCTIONS = {"selected": 2, "not": 1, "count-selected": 1, "string-length": 1}
KEYWORDS = {"and", "or"}


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group(kind)
        if kind == "other":
            raise UnsupportedExpression(_("«%(t)s» støttes ikke i uttrykk.") % {"t": value})
        tokens.append((kind, value))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, kind=None, value=None):
        token = self.peek()
        if token[0] is None or (kind and token[0] != kind) or (value and token[1] != value):
            raise UnsupportedExpression(_("Uttrykket er ufullstendig eller har feil syntaks."))
        self.pos += 1
        return token

    def parse(self):
        node = self.or_expr()
        if self.pos != len(self.tokens):
            raise UnsupportedExpression(
                _("«%(t)s» støttes ikke i uttrykk.") % {"t": self.tokens[self.pos][1]}
            )
        return node

    def or_expr(self):
        node = self.and_expr()
        while self.peek() == ("name", "or"):
            self.take()
            node = ["or", node, self.and_expr()]
        return node

    def and_expr(self):
        node = self.comparison()
        while self.peek() == ("name", "and"):
            self.take()
            node = ["and", node, self.comparison()]
        return node

    def comparison(self):
        node = self.term()
        if self.peek()[0] == "op":
            op = self.take()[1]
            node = ["cmp", op, node, self.term()]
        return node

    def term(self):
        kind, value = self.peek()
        if kind == "ref":
            self.take()
            return ["ref", value[2:-1]]
        if kind == "dot":
            self.take()
            return ["self"]
        if kind == "string":
            self.take()
            return ["lit", value[1:-1]]
        if kind == "number":
            self.take()
            return ["num", float(value)]
        if kind == "lparen":
            self.take()
            node = self.or_expr()
            self.take("rparen")
            return node
        if kind == "name":
            if value in KEYWORDS or value not in FUNCTIONS:
                raise UnsupportedExpression(_("Funksjonen «%(f)s» støttes ikke.") % {"f": value})
            self.take()
            self.take("lparen")
            args = [self.or_expr()]
            while self.peek()[0] == "comma":
                self.take()
                args.append(self.or_expr())
            self.take("rparen")
            if len(args) != FUNCTIONS[value]:
                raise UnsupportedExpression(
                    _("Funksjonen «%(f)s» skal ha %(n)s argument.")
                    % {"f": value, "n": FUNCTIONS[value]}
                )
            return ["fn", value, *args]
        raise UnsupportedExpression(_("Uttrykket er ufullstendig eller har feil syntaks."))


def parse(text: str):
    """Parse an expression; None for an empty one. Raises UnsupportedExpression."""
    if not (text or "").strip():
        return None
    return _Parser(text).parse()


def references(tree) -> set[str]:
    if not isinstance(tree, list):
        return set()
    if tree and tree[0] == "ref":
        return {tree[1]}
    found = set()
    for part in tree[1:]:
        found |= references(part)
    return found


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_number(value):
    try:
        return float(_as_text(value).replace(",", "."))
    except ValueError:
        return None


def _value(node, answers: dict, current):
    kind = node[0]
    if kind == "ref":
        return answers.get(node[1])
    if kind == "self":
        return current
    if kind in ("lit", "num"):
        return node[1]
    return evaluate(node, answers, current)


def _compare(tree, answers: dict, current=None) -> bool:
    _kind, op, left_node, right_node = tree
    left, right = _value(left_node, answers, current), _value(right_node, answers, current)
    if left_node[0] == "num" or right_node[0] == "num" or op in ("<", "<=", ">", ">="):
        a, b = _as_number(left), _as_number(right)
        if a is None or b is None:
            return op == "!=" and (a is None) != (b is None)
    else:
        a, b = _as_text(left), _as_text(right)
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _function(tree, answers: dict, current=None):
    name, args = tree[1], tree[2:]
    if name == "not":
        return not evaluate(args[0], answers, current)
    value = _value(args[0], answers, current)
    if name == "selected":
        wanted = _as_text(_value(args[1], answers, current))
        values = value if isinstance(value, list) else _as_text(value).split()
        return wanted in [str(v) for v in values]
    if name == "count-selected":
        return float(len(value if isinstance(value, list) else _as_text(value).split()))
    if name == "string-length":
        return float(len(_as_text(value)))
    raise UnsupportedExpression(_("Uttrykket kan ikke beregnes."))


def evaluate(tree, answers: dict, current=None):
    """Evaluate a parsed expression against answers {name: value}."""
    if tree is None:
        return True
    kind = tree[0]
    if kind == "or":
        return bool(evaluate(tree[1], answers, current)) or bool(
            evaluate(tree[2], answers, current)
        )
    if kind == "and":
        return bool(evaluate(tree[1], answers, current)) and bool(
            evaluate(tree[2], answers, current)
        )
    if kind == "cmp":
        return _compare(tree, answers, current)
    if kind == "fn":
        return _function(tree, answers, current)
    if kind in ("ref", "self", "lit", "num"):
        value = _value(tree, answers, current)
        return value not in (None, "", [])
    raise UnsupportedExpression(_("Uttrykket kan ikke beregnes."))
