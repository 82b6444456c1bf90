"""A static walk of the package's source: the error codes each operation's handler can raise.

Every error a backend raises is a ``ServiceError`` whose code is a string literal somewhere in the source (an
``errors.py`` factory, a ``partial(ServiceError, "...")``, a table's not-found factory, a ``Listing``'s
invalid-token pair, a ``TagRules``). So the codes an operation can answer are the code literals of the code its
handler can reach. This module builds that reach from the AST of ``cleanroom_mock``:

- a name resolves through the module's own definitions and its imports (re-exports followed);
- ``self.x`` resolves in the enclosing class and its bases; ``self.store`` in an ``OperationGroup[S]`` is an
  ``S``; a parameter or local annotated (or assigned ``self.store``) with a class is that class;
- a store's ``ResourceTable`` attribute is its declaration (``self.table(not_found, name_taken=...)``, directly
  or through a store method): reading it reaches the not-found factory, ``<table>.add(...)`` the name-taken one;
- an attribute of a receiver whose class the walk cannot tell resolves to every method and attribute of that
  name in the service's own package (an over-approximation: a reach may be wider than the real one, never
  narrower within the package);
- ``ServiceError(code, ..., otherwise=other)`` reaches ``code`` only where the operation declares it (the
  dispatcher substitutes ``other`` otherwise), so it counts as ``other`` when ``code`` is not declared.

What it cannot see (and the runtime tests cover): codes computed at run time from data that is not a literal in
the source (an injected fault's code, chosen by the test).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

PACKAGE = Path(__file__).resolve().parents[2] / "cleanroom_mock"
FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
# The ResourceTable methods that raise its errors (core/resources.py): not-found, name-taken.
TABLE_NOT_FOUND = frozenset({"read", "get"})
TABLE_NAME_TAKEN = "add"


@dataclass(frozen=True)
class Code:
    """A code the walk found; ``otherwise``: what the dispatcher answers instead where ``code`` is undeclared."""

    code: str
    otherwise: Optional[str] = None
    # A code given as a keyword of a record (``TagRules(too_many_keys=...)``, ``Listing(invalid_token_error=...)``):
    # raised only by code that reads that field, so it counts where the reach reads an attribute of that name.
    field: Optional[str] = None


@dataclass
class Symbol:
    """Something a reference can reach: a function, a method, an assignment (module, class or ``self.x``)."""

    key: str
    module: str
    cls: Optional[str]
    bodies: list[ast.AST] = field(default_factory=list)


@dataclass
class Table:
    not_found: list[ast.AST]
    name_taken: list[ast.AST]
    module: str
    cls: str
    attribute: str = ""


def table_key(table: Table, use: str) -> str:
    return f"table-{use}:{table.module}:{table.cls}.{table.attribute}"


HANDED = "handed:"  # a table handed out by a lambda / return: read only where the reach reads a handed table
READS_HANDED = "reads-handed"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


class SourceIndex:
    """Every module of the package, parsed once, with its symbols, imports, classes and store tables."""

    def __init__(self, error_names: Iterable[str]) -> None:
        self.error_names = frozenset(error_names)
        self.symbols: dict[str, Symbol] = {}
        self.imports: dict[str, dict[str, tuple[str, Optional[str]]]] = {}
        self.classes: dict[tuple[str, str], ast.ClassDef] = {}
        self.modules: set[str] = set()
        self.tables: dict[tuple[str, str, str], Table] = {}  # (module, class, attribute)
        self.by_attribute: dict[str, list[str]] = {}  # name → method / attribute symbols (for untyped receivers)
        for path in sorted(PACKAGE.rglob("*.py")):
            module = _module_name(path)
            self.modules.add(module)
            self._index(module, ast.parse(path.read_text(encoding="utf-8")), path.name == "__init__.py")
        for (module, cls), node in self.classes.items():
            self._find_tables(module, cls, node)

    # -- indexing ----------------------------------------------------------------------------------------
    def _add(self, key: str, module: str, cls: Optional[str], body: ast.AST) -> None:
        symbol = self.symbols.setdefault(key, Symbol(key, module, cls))
        symbol.bodies.append(body)

    def _index(self, module: str, tree: ast.Module, is_package: bool) -> None:
        package = module if is_package else module.rpartition(".")[0]
        imports: dict[str, tuple[str, Optional[str]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                for alias in node.names:
                    imports[alias.asname or alias.name] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imports[alias.asname or alias.name] = (alias.name, None)
        self.imports[module] = imports
        for statement in tree.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._add(f"{module}:{statement.name}", module, None, statement)
            elif isinstance(statement, ast.ClassDef):
                self._index_class(module, statement)
            else:
                for name, value in _assignments(statement):
                    self._add(f"{module}:{name}", module, None, value)

    def _index_class(self, module: str, node: ast.ClassDef) -> None:
        cls = node.name
        self.classes[(module, cls)] = node
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                key = f"{module}:{cls}.{item.name}"
                self._add(key, module, cls, item)
                self.by_attribute.setdefault(item.name, []).append(key)
                for sub in ast.walk(item):
                    for target, value in _self_assignments(sub):
                        attribute_key = f"{module}:{cls}.{target}@"
                        if attribute_key not in self.symbols:
                            self.by_attribute.setdefault(target, []).append(attribute_key)
                        self._add(attribute_key, module, cls, value)
            else:
                for name, value in _assignments(item):
                    key = f"{module}:{cls}.{name}"
                    self._add(key, module, cls, value)
                    self.by_attribute.setdefault(name, []).append(key)

    def _find_tables(self, module: str, cls: str, node: ast.ClassDef) -> None:
        """``self.x = self.table(...)`` / ``ResourceTable(...)`` / ``self.helper(...)`` returning one of those."""
        for item in node.body:
            if not isinstance(item, ast.FunctionDef):
                continue
            for sub in ast.walk(item):
                for target, value in _self_assignments(sub):
                    found = self._table_call(module, cls, value)
                    if found is not None:
                        found.attribute = target
                        self.tables[(module, cls, target)] = found
                        # Reading it and adding to it, as symbols a walk can reach.
                        for use, factories in (("read", found.not_found), ("add", found.name_taken)):
                            self.symbols[table_key(found, use)] = Symbol(
                                table_key(found, use), module, cls, list(factories)
                            )

    def _table_call(self, module: str, cls: str, value: ast.AST, depth: int = 0) -> Optional[Table]:
        if not isinstance(value, ast.Call):
            return None
        callee = value.func
        name = callee.attr if isinstance(callee, ast.Attribute) else callee.id if isinstance(callee, ast.Name) else ""
        if name in ("table", "ResourceTable"):
            not_found = [value.args[0]] if value.args else []
            not_found += [k.value for k in value.keywords if k.arg == "not_found"]
            name_taken = [k.value for k in value.keywords if k.arg == "name_taken"]
            return Table(not_found, name_taken, module, cls)
        if isinstance(callee, ast.Attribute) and isinstance(callee.value, ast.Name) and callee.value.id == "self":
            helper = self.symbols.get(f"{module}:{cls}.{name}")
            if helper is not None and depth < 3:
                for body in helper.bodies:
                    # The helper's own defs (a name_taken closure) stand for the names it passes.
                    local = {
                        n.name: n for n in ast.walk(body) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                    }
                    for sub in ast.walk(body):
                        if isinstance(sub, ast.Call) and sub is not body:
                            found = self._table_call(module, cls, sub, depth + 1)
                            if found is not None and found.cls == cls:
                                found.not_found = [_local(e, local) for e in found.not_found]
                                found.name_taken = [_local(e, local) for e in found.name_taken]
                                return found
        return None

    # -- resolution --------------------------------------------------------------------------------------
    def symbol(self, module: str, name: str, depth: int = 0) -> list[str]:
        """What module-level ``name`` of ``module`` is (a class brings its constructor)."""
        key = f"{module}:{name}"
        if key in self.symbols or (module, name) in self.classes:
            found = [key] if key in self.symbols else []
            for method in ("__init__", "__post_init__", "__call__"):
                found += self.members(module, name, method)
            return found
        target = self.imports.get(module, {}).get(name)
        if target is not None and target[1] is not None and depth < 10:
            if f"{target[0]}.{target[1]}" in self.modules:
                return []
            return self.symbol(target[0], target[1], depth + 1)
        return []

    def class_of(self, module: str, name: str, depth: int = 0) -> Optional[tuple[str, str]]:
        if (module, name) in self.classes:
            return module, name
        target = self.imports.get(module, {}).get(name)
        if target is not None and target[1] is not None and depth < 10:
            return self.class_of(target[0], target[1], depth + 1)
        return None

    def bases(self, module: str, cls: str) -> Iterator[tuple[str, str]]:
        for base in self.classes[(module, cls)].bases:
            node = base.value if isinstance(base, ast.Subscript) else base
            if isinstance(node, ast.Name):
                found = self.class_of(module, node.id)
                if found is not None:
                    yield found

    def members(self, module: str, cls: str, name: str, seen: Optional[set[tuple[str, str]]] = None) -> list[str]:
        """Method / attribute ``name`` of a class, looked up through its bases in the package."""
        seen = seen if seen is not None else set()
        if (module, cls) in seen or (module, cls) not in self.classes:
            return []
        seen.add((module, cls))
        found = [k for k in (f"{module}:{cls}.{name}", f"{module}:{cls}.{name}@") if k in self.symbols]
        if found:
            return found
        for base in self.bases(module, cls):
            found += self.members(*base, name, seen)
        return found

    def table(self, module: str, cls: str, name: str, seen: Optional[set[tuple[str, str]]] = None) -> Optional[Table]:
        seen = seen if seen is not None else set()
        if (module, cls) in seen or (module, cls) not in self.classes:
            return None
        seen.add((module, cls))
        found = self.tables.get((module, cls, name))
        if found is not None:
            return found
        for base in self.bases(module, cls):
            found = self.table(*base, name, seen)
            if found is not None:
                return found
        return None

    def group_store(self, module: str, cls: str) -> Optional[tuple[str, str]]:
        """``S`` of ``class X(OperationGroup[S])``."""
        for base in self.classes[(module, cls)].bases:
            if (
                isinstance(base, ast.Subscript)
                and isinstance(base.value, ast.Name)
                and base.value.id == "OperationGroup"
            ):
                if isinstance(base.slice, ast.Name):
                    return self.class_of(module, base.slice.id)
        return None


def _local(node: ast.AST, local: dict[str, ast.AST]) -> ast.AST:
    return local.get(node.id, node) if isinstance(node, ast.Name) else node


def _assignments(statement: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id, statement.value
    elif (
        isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name)
    ):
        yield statement.target.id, statement.value


def _self_assignments(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    targets: list[ast.expr] = []
    value: Optional[ast.AST] = None
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    for target in targets:
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            assert value is not None
            yield target.attr, value


def _annotation_name(annotation: Optional[ast.expr]) -> Optional[str]:
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(annotation, ast.Subscript):  # Optional[X] → X; Generic[T] → Generic
        outer = annotation.value
        wrapper = isinstance(outer, ast.Name) and outer.id in ("Optional", "Union", "list", "Sequence", "Iterable")
        annotation = annotation.slice if wrapper else outer
    return annotation.id if isinstance(annotation, ast.Name) else None


class Walk:
    """The codes reachable from a set of symbols within one service's package."""

    def __init__(self, index: SourceIndex, service_package: str, store: Optional[tuple[str, str]] = None) -> None:
        self.index = index
        self.service_package = service_package
        # The service's Store class: what ``self.store`` is in a group the engine shares (core's TagOperations
        # is an ``OperationGroup[Store]``), so its calls reach the service's own overrides and attributes.
        self.store = store
        self._edges: dict[str, tuple[set[str], set[Code]]] = {}
        self._parents: dict[int, ast.AST] = {}
        self._escaping: set[int] = set()

    def reach(self, starts: Iterable[str]) -> set[Code]:
        seen: set[str] = set()
        codes: set[Code] = set()
        handed: set[str] = set()
        stack = list(starts)
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            if key.startswith(HANDED):
                handed.add(key[len(HANDED) :])
            elif key != READS_HANDED:
                targets, found = self._symbol_edges(key)
                codes |= found
                stack.extend(targets - seen)
            if READS_HANDED in seen:
                stack.extend(handed - seen)
        read = {c.field for c in codes if not c.code}
        return {c for c in codes if c.code and (c.field is None or c.field in read)}

    def _symbol_edges(self, key: str) -> tuple[set[str], set[Code]]:
        cached = self._edges.get(key)
        if cached is None:
            base, _, bound = key.partition("|")
            consts = {name: value == "True" for name, value in (b.split("=") for b in bound.split(",") if b)}
            symbol = self.index.symbols[base]
            cached = self._edges[key] = self._bodies_edges(symbol.bodies, symbol.module, symbol.cls, consts)
        return cached

    def _bodies_edges(
        self, bodies: list[ast.AST], module: str, cls: Optional[str], consts: Optional[dict[str, bool]] = None
    ) -> tuple[set[str], set[Code]]:
        targets: set[str] = set()
        codes: set[Code] = set()
        for body in bodies:
            types = self._local_types(body, module, cls)
            nested = {n.name: n for n in ast.walk(body) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            self._expression(body, module, cls, types, nested, targets, codes, consts or {})
        return targets, codes

    def _parameters(self, key: str) -> list[str]:
        """The positional parameter names of the function behind a symbol (``self``/``cls`` left out)."""
        symbol = self.index.symbols.get(key.partition("|")[0])
        body = symbol.bodies[0] if symbol is not None and symbol.bodies else None
        if not isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return []
        names = [a.arg for a in body.args.posonlyargs + body.args.args]
        return (
            names[1:] if symbol is not None and symbol.cls is not None and names[:1] in (["self"], ["cls"]) else names
        )

    def _bound(self, keys: Iterable[str], call: Optional[ast.Call], consts: dict[str, bool]) -> set[str]:
        """``keys`` called by ``call``: a boolean argument known here (a literal, or a flag this body was
        reached with) is bound, so the callee's ``if flag:`` is walked one way only (the ``not_found_modelled``
        and ``conflict_modelled`` switches that pick a declared error)."""
        if call is None:
            return set(keys)

        def known(node: ast.expr) -> Optional[bool]:
            if isinstance(node, ast.Constant) and isinstance(node.value, bool):
                return node.value
            return consts.get(node.id) if isinstance(node, ast.Name) else None

        named = {k.arg: known(k.value) for k in call.keywords if k.arg is not None}
        bound_keys = set()
        for key in keys:
            values = dict(named)
            values.update(zip(self._parameters(key), (known(a) for a in call.args)))
            binding = ",".join(f"{n}={v}" for n, v in sorted(values.items()) if v is not None)
            bound_keys.add(f"{key}|{binding}" if binding and not key.startswith(("table-", HANDED)) else key)
        return bound_keys

    def _group_store(self, module: str, cls: Optional[str]) -> Optional[tuple[str, str]]:
        store = self.index.group_store(module, cls) if cls else None
        if store is not None and store[0].startswith("cleanroom_mock.core.") and self.store is not None:
            return self.store
        return store

    def _local_types(self, body: ast.AST, module: str, cls: Optional[str]) -> dict[str, tuple[str, str]]:
        """Parameter and local variable names whose class the source says."""
        types: dict[str, tuple[str, str]] = {}
        store = self._group_store(module, cls)
        if cls is not None:
            types["self"] = (module, cls)
        for node in ast.walk(body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for argument in node.args.args + node.args.kwonlyargs:
                    name = _annotation_name(argument.annotation)
                    found = self.index.class_of(module, name) if name else None
                    if found is not None:
                        types.setdefault(argument.arg, found)
            elif isinstance(node, ast.Assign) and store is not None:
                value = node.value
                if (
                    isinstance(value, ast.Attribute)
                    and value.attr == "store"
                    and isinstance(value.value, ast.Name)
                    and value.value.id == "self"
                ):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            types[target.id] = store
        return types

    def _type_of(
        self, node: ast.expr, module: str, cls: Optional[str], types: dict[str, tuple[str, str]]
    ) -> Optional[tuple[str, str]]:
        if isinstance(node, ast.Name):
            return types.get(node.id)
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "store"
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and cls is not None
        ):
            return self._group_store(module, cls)
        return None

    def _expression(
        self,
        body: ast.AST,
        module: str,
        cls: Optional[str],
        types: dict[str, tuple[str, str]],
        nested: dict[str, FunctionNode],
        targets: set[str],
        codes: set[Code],
        consts: dict[str, bool],
    ) -> None:
        index = self.index
        skip: set[int] = set()
        # A branch on a flag this body was reached with: the other branch is not walked.
        for branch in ast.walk(body):
            if (
                isinstance(branch, (ast.If, ast.IfExp))
                and isinstance(branch.test, ast.Name)
                and branch.test.id in consts
            ):
                untaken = branch.orelse if consts[branch.test.id] else branch.body
                for part in untaken if isinstance(untaken, list) else [untaken]:
                    skip.update(id(n) for n in ast.walk(part))
        self._parents = {id(child): parent for parent in ast.walk(body) for child in ast.iter_child_nodes(parent)}
        # Handed out: the whole body of a lambda or the value of a return.
        self._escaping = {
            id(e.body) if isinstance(e, ast.Lambda) else id(e.value)
            for e in ast.walk(body)
            if isinstance(e, ast.Lambda) or (isinstance(e, ast.Return) and e.value is not None)
        }
        # Annotations name classes without making one.
        for annotated in ast.walk(body):
            notes: list[Optional[ast.AST]] = []
            if isinstance(annotated, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = annotated.args
                notes = [a.annotation for a in arguments.args + arguments.kwonlyargs + arguments.posonlyargs]
                notes += [
                    arguments.vararg.annotation if arguments.vararg else None,
                    arguments.kwarg.annotation if arguments.kwarg else None,
                    annotated.returns,
                ]
            elif isinstance(annotated, ast.AnnAssign):
                notes = [annotated.annotation]
            skip.update(id(n) for note in notes if note is not None for n in ast.walk(note))
        for node in ast.walk(body):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Call):
                self._call(node, codes, skip)
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in index.error_names:
                codes.add(Code(node.value))
            elif isinstance(node, (ast.Name, ast.Attribute)):
                parent = self._parents.get(id(node))
                call = parent if isinstance(parent, ast.Call) and parent.func is node else None
                found: set[str] = set()
                if isinstance(node, ast.Attribute):
                    codes.add(Code("", field=node.attr))  # an attribute read: a record field a code may sit in
                    self._attribute(node, module, cls, types, found, codes)
                elif isinstance(node.ctx, ast.Load) and node.id not in nested:  # nested defs: walked with the body
                    if call is not None or index.class_of(module, node.id) is None:  # a class named, not made
                        found.update(index.symbol(module, node.id))
                targets.update(self._bound(found, call, consts))

    def _call(self, node: ast.Call, codes: set[Code], skip: set[int]) -> None:
        """``ServiceError(code, ..., otherwise=other)``: the code only where declared, else ``other``."""
        callee = node.func
        for keyword in node.keywords:
            value = keyword.value
            if isinstance(value, ast.Tuple) and value.elts:  # ("InvalidNextTokenException", "message")
                value = value.elts[0]
            if (
                keyword.arg not in (None, "otherwise")
                and isinstance(value, ast.Constant)
                and value.value in self.index.error_names
            ):
                codes.add(Code(value.value, field=keyword.arg))
                skip.add(id(value))
        if not (isinstance(callee, ast.Name) and callee.id == "ServiceError"):
            return
        otherwise = next((k.value for k in node.keywords if k.arg == "otherwise"), None)
        first = node.args[0] if node.args else None
        if (
            isinstance(otherwise, ast.Constant)
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and isinstance(otherwise.value, str)
        ):
            codes.add(Code(first.value, otherwise.value))
            skip.update({id(first), id(otherwise)})

    def _attribute(
        self,
        node: ast.Attribute,
        module: str,
        cls: Optional[str],
        types: dict[str, tuple[str, str]],
        targets: set[str],
        codes: set[Code],
    ) -> None:
        index = self.index
        receiver = node.value
        if node.attr in TABLE_NOT_FOUND and isinstance(receiver, ast.Call):
            targets.add(READS_HANDED)  # tables(store).read(arn): reads what a lambda handed over
        receiver_type = self._type_of(receiver, module, cls, types)
        if receiver_type is not None:
            table = index.table(*receiver_type, node.attr)
            if table is not None:
                self._table_use(node, table, targets, codes)
                return
            # A class the walk knows: its method or attribute, or plain data (a dataclass field) raising nothing.
            targets.update(index.members(*receiver_type, node.attr))
            return
        if isinstance(receiver, ast.Name):
            imported = index.imports.get(module, {}).get(receiver.id)
            if imported is not None:
                name = imported[0] if imported[1] is None else f"{imported[0]}.{imported[1]}"
                if name in index.modules:
                    targets.update(index.symbol(name, node.attr))
                    return
        # A receiver the walk cannot type: every method or attribute of that name in the service's package
        # (a table attribute counts as the table, used as the expression around it says).
        if node.attr.startswith("__"):  # super().__init__ and friends: nothing of the service's own
            return
        tables = {(m, c): t for (m, c, a), t in index.tables.items() if a == node.attr}
        for key in index.by_attribute.get(node.attr, []):
            owner = tuple(key.split(":", 1)[0:1] + [key.split(":", 1)[1].split(".")[0]])
            if self._own(key) and not (key.endswith("@") and owner in tables):
                targets.add(key)
        for (table_module, _), table in tables.items():
            if self._own(table_module):
                self._table_use(node, table, targets, codes)

    def _own(self, key: str) -> bool:
        """Whether a symbol key or module name belongs to the service's package."""
        return key.split(":", 1)[0].startswith(self.service_package + ".")

    def _table_use(self, node: ast.Attribute, table: Table, targets: set[str], codes: set[Code]) -> None:
        """A store table in an expression: ``.read``/``.get`` on it reach its not-found factory, ``.add`` its
        name-taken one; handed out by a lambda or a return (``describe_operation(..., lambda s: s.things)``)
        it is read by whoever receives it. Its other methods (``find``, ``where``, ``remove``...) raise nothing."""
        parent = self._parents.get(id(node))
        method = parent.attr if isinstance(parent, ast.Attribute) and parent.value is node else None
        if method in TABLE_NOT_FOUND:
            targets.add(table_key(table, "read"))
        elif method == TABLE_NAME_TAKEN:
            targets.add(table_key(table, "add"))
        elif method is None and id(node) in self._escaping:
            targets.add(HANDED + table_key(table, "read"))
