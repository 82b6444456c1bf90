"""Any object graph of the mock's state as JSON and back, faithfully: the codec behind snapshots.

Resources are dataclasses, but what they hold is not always plain data: lifecycles keep the work their final
status runs (a closure such as ``lambda: self._train(version)``), trained models hold numpy arrays, stores hold
their tables, tables their error factories. So the codec does what pickle does, in JSON a person can read:

- plain values stay plain (``None``, booleans, integers, strings, finite floats); a tuple is a JSON array;
- everything else is an object ``{"$": <tag>, ...}``: ``list``, ``dict`` (``items`` when every key is a
  string, else ``pairs``), ``set``, ``frozenset``, ``bytes`` (base64), ``datetime``/``date``/``time``/
  ``timedelta`` (ISO text), ``float`` (NaN and infinities), ``enum`` (class and member name), ``global`` (a
  class or function by ``module:qualname``), ``closure`` (a nested function or lambda: where its code sits in
  the function that made it, and what its cells hold), ``method`` (a bound method: its object and name),
  ``object`` (an instance of a class: its ``__getstate__``, set back as pickle does, without ``__init__``),
  ``reduce`` (anything else through its ``__reduce_ex__``: numpy arrays, compiled patterns, partials);
- every mutable container and object carries an ``id``; seen again, it is ``{"$": "ref", "id": n}``, so
  shared objects stay shared and cycles close;
- ``externals`` name live objects that are not saved but referred to (the handle): they decode to the live
  objects of the process that loads.

Loading imports the classes and functions a snapshot names, from the packages in :data:`ALLOWED_MODULES`
only; like a pickle, a snapshot is for loading state you made, not data from strangers.
"""

from __future__ import annotations

import base64
import copyreg
import dataclasses
import datetime as _dt
import enum
import importlib
import itertools
import math
import re
import types
from collections.abc import Iterator, Mapping
from typing import Any, Callable

# The packages whose classes and functions a snapshot may name (their roots), and the builtins it may call.
ALLOWED_MODULES = frozenset(
    {
        "cleanroom_mock",
        "numpy",
        "scipy",
        "datetime",
        "collections",
        "itertools",
        "random",
        "decimal",
        "fractions",
        "copyreg",
        "functools",
        "operator",
        "re",
        "enum",
        "uuid",
        "array",
        "_codecs",
        "codecs",
    }
)
ALLOWED_BUILTINS = frozenset(
    {
        "set",
        "frozenset",
        "list",
        "dict",
        "tuple",
        "bytearray",
        "bytes",
        "complex",
        "slice",
        "range",
        "object",
        "int",
        "float",
        "str",
        "bool",
        "type",
        "getattr",
    }
)
_NEWOBJ = getattr(copyreg, "__newobj__")  # noqa: B009 - typeshed does not know it
_COUNT = re.compile(r"count\((-?\d+)(?:, (-?\d+))?\)")


class CodecError(Exception):
    """A value the codec cannot write or read; ``where`` is its path from the root."""

    def __init__(self, message: str, where: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where or []

    def __str__(self) -> str:
        return f"{self.message} (at {''.join(reversed(self.where)) or 'the root'})" if self.where else self.message


def _inside(segment: str) -> Callable[[CodecError], CodecError]:
    def add(error: CodecError) -> CodecError:
        error.where.append(segment)
        return error

    return add


def _path_of(obj: Any) -> str:
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    module = getattr(obj, "__module__", None)
    if not qualname or module is None:
        raise CodecError(f"{obj!r} has no importable name")
    return f"{module}:{qualname}"


def resolve(path: str, allowed: frozenset[str] = ALLOWED_MODULES) -> Any:
    """The class or function ``module:qualname`` names, if its package is ``allowed``."""
    module_name, _, qualname = path.partition(":")
    root = module_name.split(".")[0]
    if root == "builtins":
        if qualname not in ALLOWED_BUILTINS:
            raise CodecError(f"a snapshot may not call builtins.{qualname}")
    elif root not in allowed:
        raise CodecError(f"a snapshot may not name objects of {module_name!r} (allowed: {', '.join(sorted(allowed))})")
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as error:
        raise CodecError(f"{path} does not exist in this version of the code ({error})")
    return found


def _code_path(outer: types.CodeType, target: types.CodeType) -> list[int] | None:
    """Indices into nested ``co_consts`` leading from ``outer`` to ``target`` (None: not inside it)."""
    for index, const in enumerate(outer.co_consts):
        if const is target:
            return [index]
        if isinstance(const, types.CodeType):
            deeper = _code_path(const, target)
            if deeper is not None:
                return [index, *deeper]
    return None


class Encoder:
    def __init__(self, externals: Mapping[str, Any] | None = None, allowed: frozenset[str] = ALLOWED_MODULES) -> None:
        self._allowed = allowed
        self._externals = {id(value): name for name, value in (externals or {}).items()}
        self._ids: dict[int, int] = {}
        self._kept: list[Any] = []  # what got an id stays alive, so no temporary reuses its id
        self._count = itertools.count(1)

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "value": repr(value)}
        if kind is tuple:
            return [self._item(index, item) for index, item in enumerate(value)]
        name = self._externals.get(id(value))
        if name is not None:
            return {"$": "external", "name": name}
        known = self._ids.get(id(value))
        if known is not None:
            return {"$": "ref", "id": known}
        return self._new(value, kind)

    def _item(self, key: Any, value: Any) -> Any:
        try:
            return self.encode(value)
        except CodecError as error:
            raise _inside(f"[{key!r}]")(error)
        except RecursionError:
            raise CodecError("the state nests too deeply to write", [f"[{key!r}]"])

    def _remember(self, value: Any) -> int:
        number = next(self._count)
        self._ids[id(value)] = number
        self._kept.append(value)
        return number

    def _new(self, value: Any, kind: type) -> Any:  # noqa: PLR0911 - one answer per kind of value
        if kind is bytes:
            return {"$": "bytes", "b64": base64.b64encode(value).decode("ascii")}
        if isinstance(value, _dt.datetime):  # freezegun's FakeDatetime too
            return {"$": "datetime", "iso": value.isoformat()}
        if isinstance(value, _dt.date):
            return {"$": "date", "iso": value.isoformat()}
        if isinstance(value, _dt.time):
            return {"$": "time", "iso": value.isoformat()}
        if kind is _dt.timedelta:
            return {"$": "timedelta", "seconds": value.total_seconds()}
        if isinstance(value, enum.Enum):
            return {"$": "enum", "type": _path_of(kind), "name": value.name}
        if kind is itertools.count:  # its pickling is deprecated: its repr says where it stands
            return {"$": "count", "repr": repr(value)}
        if kind is list:
            number = self._remember(value)
            return {"$": "list", "id": number, "items": [self._item(i, item) for i, item in enumerate(value)]}
        if kind is dict:
            return self._dict(value)
        if kind in (set, frozenset):
            number = self._remember(value)
            # In iteration order: the decoder meets each object in the order its id was given.
            return {"$": kind.__name__, "id": number, "items": [self._item("<member>", item) for item in value]}
        if isinstance(value, type) or kind is types.BuiltinFunctionType and _is_global(value):
            return {"$": "global", "path": _path_of(value)}
        if kind is types.FunctionType:
            return self._function(value)
        if kind in (types.MethodType, types.BuiltinMethodType):
            number = self._remember(value)
            function = getattr(value, "__func__", value)
            return {
                "$": "method",
                "id": number,
                "self": self._item("__self__", value.__self__),
                "name": _attribute_name(function),
            }
        return self._object(value)

    def _dict(self, value: dict[Any, Any]) -> Any:
        number = self._remember(value)
        if all(type(key) is str for key in value):
            return {"$": "dict", "id": number, "items": {key: self._item(key, item) for key, item in value.items()}}
        return {
            "$": "dict",
            "id": number,
            "pairs": [[self._item(f"<key {key!r}>", key), self._item(key, item)] for key, item in value.items()],
        }

    def _function(self, function: types.FunctionType) -> Any:
        qualname = function.__qualname__
        if "<locals>" not in qualname and "<lambda>" not in qualname:
            try:
                if resolve(_path_of(function), self._allowed) is function:
                    return {"$": "global", "path": _path_of(function)}
            except CodecError:
                pass
        number = self._remember(function)
        outer_name = qualname.split(".<locals>.")[0]
        outer_path = f"{function.__module__}:{outer_name}"
        try:
            outer = resolve(outer_path, self._allowed)
        except CodecError:
            raise CodecError(f"the function {function.__module__}.{qualname} cannot be found again to save it")
        outer_code = getattr(getattr(outer, "__func__", outer), "__code__", None)
        code_path = _code_path(outer_code, function.__code__) if outer_code is not None else None
        if code_path is None:
            raise CodecError(f"the function {function.__module__}.{qualname} cannot be found again to save it")
        cells = []
        for index, cell in enumerate(function.__closure__ or ()):
            try:
                cells.append(self._item(function.__code__.co_freevars[index], cell.cell_contents))
            except ValueError:  # an empty cell
                cells.append({"$": "empty"})
        return {
            "$": "closure",
            "id": number,
            "outer": outer_path,
            "code": code_path,
            "name": function.__code__.co_name,
            "freevars": list(function.__code__.co_freevars),
            "cells": cells,
            "defaults": self._item("__defaults__", function.__defaults__),
            "kwdefaults": self._item("__kwdefaults__", function.__kwdefaults__),
        }

    def _object(self, value: Any) -> Any:
        kind = type(value)
        try:
            reduced = value.__reduce_ex__(4)
        except Exception as error:  # whatever the object says: it cannot be saved
            raise CodecError(f"a {kind.__module__}.{kind.__qualname__} cannot be saved: {error}")
        if isinstance(reduced, str):  # a module-level singleton
            return {"$": "global", "path": f"{value.__module__}:{reduced}"}
        function, arguments, state, list_items, dict_items = (*reduced, None, None, None)[:5]
        number = self._remember(value)
        encoded: dict[str, Any] = {"id": number}
        if function is _NEWOBJ and arguments and arguments[0] is kind:
            encoded.update({"$": "object", "type": _path_of(kind)})
            if len(arguments) > 1:
                encoded["args"] = self._item("__new__", tuple(arguments[1:]))
        else:
            encoded.update(
                {
                    "$": "reduce",
                    "function": self._item("__reduce__", function),
                    "args": self._item("__reduce__", arguments),
                }
            )
        if state is not None:
            encoded["state"] = self._item(f".{kind.__name__}", state)
        if list_items is not None:
            encoded["list"] = [self._item(index, item) for index, item in enumerate(list_items)]
        if dict_items is not None:
            encoded["pairs"] = [[self.encode(key), self._item(key, item)] for key, item in dict_items]
        return encoded


def _is_global(function: Any) -> bool:
    owner = getattr(function, "__self__", None)
    return owner is None or isinstance(owner, types.ModuleType)


def _attribute_name(function: Any) -> str:
    """The attribute a bound method is found under (``__x`` methods under their mangled name)."""
    name: str = function.__name__
    if name.startswith("__") and not name.endswith("__"):
        owner = function.__qualname__.rsplit(".", 2)[-2]
        return f"_{owner.lstrip('_')}{name}"
    return name


class Decoder:
    def __init__(self, externals: Mapping[str, Any] | None = None, allowed: frozenset[str] = ALLOWED_MODULES) -> None:
        self._allowed = allowed
        self._externals = dict(externals or {})
        self._objects: dict[int, Any] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "float": lambda node: float(node["value"]),
            "bytes": lambda node: base64.b64decode(node["b64"]),
            "datetime": lambda node: _dt.datetime.fromisoformat(node["iso"]),
            "date": lambda node: _dt.date.fromisoformat(node["iso"]),
            "time": lambda node: _dt.time.fromisoformat(node["iso"]),
            "timedelta": lambda node: _dt.timedelta(seconds=node["seconds"]),
            "enum": lambda node: self._resolve(node["type"])[node["name"]],
            "count": _count,
            "global": lambda node: self._resolve(node["path"]),
            "external": self._external,
            "ref": self._ref,
            "list": self._list,
            "dict": self._dict,
            "set": self._set,
            "frozenset": lambda node: frozenset(self.decode(item) for item in node["items"]),
            "method": self._method,
            "closure": self._closure,
            "object": self._object,
            "reduce": self._reduce,
        }

    def _resolve(self, path: str) -> Any:
        return resolve(path, self._allowed)

    def decode(self, node: Any) -> Any:
        if isinstance(node, list):
            return tuple(self.decode(item) for item in node)
        if not isinstance(node, dict):
            return node
        handler = self._handlers.get(node.get("$"))  # type: ignore[arg-type]
        if handler is None:
            raise CodecError(f"unknown snapshot value {str(node)[:80]}")
        return handler(node)

    def objects(self) -> Iterator[Any]:
        """Every object (with an id) the decoding made, in the order it met them."""
        return iter(list(self._objects.values()))

    def _keep(self, node: dict[str, Any], value: Any) -> Any:
        self._objects[node["id"]] = value
        return value

    def _external(self, node: dict[str, Any]) -> Any:
        try:
            return self._externals[node["name"]]
        except KeyError:
            raise CodecError(f"the snapshot refers to {node['name']!r}, which this process does not provide")

    def _ref(self, node: dict[str, Any]) -> Any:
        try:
            return self._objects[node["id"]]
        except KeyError:
            raise CodecError(
                f"the snapshot refers to object {node['id']} before it is complete (a cycle through "
                "constructor arguments)"
            )

    def _list(self, node: dict[str, Any]) -> list[Any]:
        found: list[Any] = self._keep(node, [])
        found.extend(self.decode(item) for item in node["items"])
        return found

    def _dict(self, node: dict[str, Any]) -> dict[Any, Any]:
        found: dict[Any, Any] = self._keep(node, {})
        if "items" in node:
            for key, item in node["items"].items():
                found[key] = self.decode(item)
        else:
            for key, item in node["pairs"]:
                decoded_key = self.decode(key)
                found[decoded_key] = self.decode(item)
        return found

    def _set(self, node: dict[str, Any]) -> set[Any]:
        found: set[Any] = self._keep(node, set())
        found.update(self.decode(item) for item in node["items"])
        return found

    def _method(self, node: dict[str, Any]) -> Any:
        owner = self.decode(node["self"])
        return self._keep(node, getattr(owner, node["name"]))

    def _closure(self, node: dict[str, Any]) -> types.FunctionType:
        outer = self._resolve(node["outer"])
        code = getattr(getattr(outer, "__func__", outer), "__code__", None)
        try:
            for index in node["code"]:
                code = code.co_consts[index]  # type: ignore[union-attr]
        except (AttributeError, IndexError, TypeError):
            code = None
        if (
            not isinstance(code, types.CodeType)
            or code.co_name != node["name"]
            or list(code.co_freevars) != node["freevars"]
        ):
            raise CodecError(
                f"the function {node['name']} inside {node['outer']} is not where the snapshot says: "
                "the code changed since the snapshot was taken"
            )
        cells = tuple(types.CellType() for _ in node["cells"])
        module = importlib.import_module(node["outer"].partition(":")[0])  # resolve() checked it is allowed
        function = types.FunctionType(code, module.__dict__, code.co_name, None, cells)
        self._keep(node, function)
        for cell, item in zip(cells, node["cells"]):
            if not (isinstance(item, dict) and item.get("$") == "empty"):
                cell.cell_contents = self.decode(item)
        function.__defaults__ = self.decode(node["defaults"])
        function.__kwdefaults__ = self.decode(node["kwdefaults"])
        return function

    def _object(self, node: dict[str, Any]) -> Any:
        kind = self._resolve(node["type"])
        if not isinstance(kind, type):
            raise CodecError(f"{node['type']} is not a class")
        arguments = self.decode(node["args"]) if "args" in node else ()
        found = self._keep(node, kind.__new__(kind, *arguments))
        self._fill(found, node)
        return found

    def _reduce(self, node: dict[str, Any]) -> Any:
        function = self.decode(node["function"])
        if not callable(function):
            raise CodecError(f"{function!r} cannot rebuild an object")
        found = self._keep(node, function(*self.decode(node["args"])))
        self._fill(found, node)
        return found

    def _fill(self, found: Any, node: dict[str, Any]) -> None:
        """Set the state back as pickle's BUILD does, then the list and dict items."""
        if "state" in node:
            state = self.decode(node["state"])
            setstate = getattr(found, "__setstate__", None)
            if setstate is not None and not isinstance(found, type):
                setstate(state)
            else:
                slots = None
                if isinstance(state, tuple) and len(state) == 2:
                    state, slots = state
                if isinstance(state, dict) and dataclasses.is_dataclass(found):
                    _check_fields(found, state)
                if state:
                    found.__dict__.update(state)
                for key, item in (slots or {}).items():
                    object.__setattr__(found, key, item)
        for item in node.get("list", ()):
            found.append(self.decode(item))
        for key, item in node.get("pairs", ()):
            found[self.decode(key)] = self.decode(item)


def _check_fields(found: Any, state: dict[str, Any]) -> None:
    """A dataclass's saved state must hold every one of its fields: a class given a field since the snapshot
    (or one renamed) fails here, naming it, instead of coming back with a default in place of what was saved.
    Other saved attributes are kept (an object may cache what it worked out beside its fields)."""
    missing = sorted({item.name for item in dataclasses.fields(found)} - state.keys())
    if missing:
        raise CodecError(
            f"the class {type(found).__qualname__} changed since the snapshot was taken: its fields "
            f"{', '.join(missing)} are not in the snapshot"
        )


def _count(node: dict[str, Any]) -> Iterator[int]:
    match = _COUNT.fullmatch(node["repr"])
    if match is None:
        raise CodecError(f"cannot read the counter {node['repr']!r}")
    return itertools.count(int(match.group(1)), int(match.group(2) or 1))
