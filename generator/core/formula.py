"""Metric formulas: a small arithmetic language over names, parsed without `eval`.

A formula is `+ - * /`, parentheses, numbers and names (metric or input IDs). IDs are
kebab-case, so subtraction needs spaces around the minus: `won-deals - lost-deals` subtracts,
`won-deals-lost-deals` is one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s*(?:(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)|(?P<number>\d+(?:\.\d+)?)|(?P<op>[-+*/()]))"
)


class FormulaError(ValueError):
    """A formula that does not parse; `column` counts from 1 inside the formula."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Token:
    kind: str  # name, number, op
    text: str
    column: int


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Number | Name | Negate | Binary


def tokens(text: str) -> list[Token]:
    """The formula's tokens; anything else is an error at its column."""
    found: list[Token] = []
    pos = 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            column = pos + len(text[pos:]) - len(text[pos:].lstrip()) + 1
            raise FormulaError(f"unexpected `{text[column - 1]}`", column)
        kind = match.lastgroup or "op"
        found.append(Token(kind, match.group(kind), match.start(kind) + 1))
        pos = match.end()
    return found


class _Parser:
    """Recursive descent: expression := term (+|- term)*; term := factor (*|/ factor)*."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens(text)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too early", len(self.text.rstrip()) + 1)
        self.pos += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while (token := self.peek()) and token.text in "+-" and token.kind == "op":
            self.pos += 1
            node = Binary(token.text, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while (token := self.peek()) and token.text in "*/" and token.kind == "op":
            self.pos += 1
            node = Binary(token.text, node, self.factor())
        return node

    def factor(self) -> Node:
        token = self.take()
        if token.kind == "name":
            return Name(token.text)
        if token.kind == "number":
            return Number(float(token.text))
        if token.text == "-":
            return Negate(self.factor())
        if token.text == "(":
            node = self.expression()
            closing = self.peek()
            if closing is None or closing.text != ")":
                column = closing.column if closing else len(self.text.rstrip()) + 1
                raise FormulaError("`(` is never closed", column)
            self.pos += 1
            return node
        raise FormulaError(f"unexpected `{token.text}`", token.column)


def parse(text: str) -> Node:
    """The formula as a tree; raises FormulaError with the column of the first problem."""
    parser = _Parser(text)
    if not parser.tokens:
        raise FormulaError("the formula is empty", 1)
    node = parser.expression()
    if (extra := parser.peek()) is not None:
        raise FormulaError(f"unexpected `{extra.text}`", extra.column)
    return node


def names(node: Node) -> Iterator[str]:
    """Every name the formula uses, in reading order (repeats included)."""
    if isinstance(node, Name):
        yield node.id
    elif isinstance(node, Negate):
        yield from names(node.operand)
    elif isinstance(node, Binary):
        yield from names(node.left)
        yield from names(node.right)


def evaluate(node: Node, values: dict[str, float]) -> float:
    """The formula's value for the given names (used to check library formulas on sample data)."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return values[node.id]
    if isinstance(node, Negate):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    return left * right if node.op == "*" else left / right
