"""Every ValidationError raised by staffmgmt's and roster's services and selectors carries
an error code (kernel.errors): read from the source, so a new raise without one fails here
before any client meets a message it cannot tell apart from the others."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["staffmgmt/services", "staffmgmt/selectors", "roster/services", "roster/selectors"]
EXTRA_FILES = ["roster/domain.py"]
EXEMPT_FUNCTIONS: set[tuple[str, str]] = set()


def _files():
    for folder in CHECKED:
        yield from sorted((ROOT / folder).glob("*.py"))
    for name in EXTRA_FILES:
        yield ROOT / name


def _is_call_to(node, name: str) -> bool:
    return isinstance(node, ast.Call) and (
        getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name
    )


class _Checker:
    """Whether an expression can only produce errors that carry a code."""

    def __init__(self, function: ast.FunctionDef | None):
        self.function = function

    def coded(self, node) -> bool:
        if _is_call_to(node, "invalid"):
            return True
        if _is_call_to(node, "ValidationError"):
            if any(k.arg == "code" for k in node.keywords):
                return not isinstance(node.args[0], ast.Dict | ast.List) if node.args else True
            return bool(node.args) and self.coded_container(node.args[0])
        if isinstance(node, ast.Name):
            return self.coded_name(node.id)
        return False

    def coded_container(self, node) -> bool:
        if isinstance(node, ast.Dict):
            return all(self.coded_container(v) for v in node.values)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.coded_container(e) for e in node.elts)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.coded_container(node.elt)
        if isinstance(node, ast.Starred):
            return self.coded_container(node.value)
        return self.coded(node)

    def coded_name(self, name: str) -> bool:
        """A local built only of coded errors, or a parameter typed as holding them."""
        if self.function is None:
            return False
        args = self.function.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            if arg.arg == name:
                return arg.annotation is not None and "ValidationError" in ast.unparse(
                    arg.annotation
                )
        values = []
        for node in ast.walk(self.function):
            if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name:
                # Declared as holding ValidationErrors: the later writes are checked below.
                if "ValidationError" not in ast.unparse(node.annotation) and node.value:
                    values.append(node.value)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    named = isinstance(target, ast.Name) and target.id == name
                    item = isinstance(target, ast.Subscript) and (
                        getattr(target.value, "id", None) == name
                    )
                    if named or item:
                        values.append(node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if _is_call_to(owner, "setdefault"):
                    owner = owner.func.value
                if getattr(owner, "id", None) == name and node.func.attr in {
                    "append",
                    "extend",
                    "setdefault",
                }:
                    values.append(node.args[-1])
        declared = any(
            isinstance(node, ast.AnnAssign)
            and getattr(node.target, "id", None) == name
            and "ValidationError" in ast.unparse(node.annotation)
            for node in ast.walk(self.function)
        )
        if not values:
            return declared
        empty = (ast.Dict, ast.List)
        return all(
            (isinstance(v, empty) and not getattr(v, "keys", None) and not getattr(v, "elts", None))
            or self.coded_container(v)
            for v in values
        )


def _uncoded_raises(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    relative = path.relative_to(ROOT).as_posix()
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef) else function
            if isinstance(child, ast.FunctionDef) and (
                (relative, child.name) in EXEMPT_FUNCTIONS or ("*", child.name) in EXEMPT_FUNCTIONS
            ):
                continue
            if _is_call_to(child, "ValidationError") and not _Checker(inner).coded(child):
                found.append(f"{relative}:{child.lineno}")
            visit(child, inner)

    visit(tree, None)
    return found


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_validation_error_of_services_and_selectors_carries_a_code(path):
    assert _uncoded_raises(path) == []


def test_the_check_finds_an_uncoded_raise(tmp_path, monkeypatch):
    bad = ROOT / "roster" / "services" / "_uncoded_example_for_test.py"
    monkeypatch.setattr(
        Path, "read_text", lambda self: 'def f():\n    raise ValidationError({"x": "no code"})\n'
    )

    assert _uncoded_raises(bad) == ["roster/services/_uncoded_example_for_test.py:2"]


def test_the_check_accepts_errors_built_of_coded_parts():
    source = (
        "def f(x):\n"
        "    errors: dict[str, ValidationError] = {}\n"
        "    errors['a'] = invalid('c', 'm')\n"
        "    raise ValidationError(errors)\n"
    )
    function = ast.parse(source).body[0]
    raise_call = function.body[-1].exc

    assert _Checker(function).coded(raise_call)
