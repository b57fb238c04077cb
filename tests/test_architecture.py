"""The layers of issue 12, part 1, checked on the source: no mutable state at module level
anywhere in workshop/ (it hangs on the app's live state, workshop/live.py), and the edges
(HTTP views, REST API, CLI) reach the socket layer only through the live service."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop"
BLUEPRINTS = ("api", "facilitator", "participant")
# Calls that make a mutable container, a lock or a cache when run at import time.
MUTABLE_CALLS = {
    "dict",
    "list",
    "set",
    "bytearray",
    "OrderedDict",
    "defaultdict",
    "deque",
    "Counter",
    "Lock",
    "RLock",
    "Semaphore",
    "Event",
    "Queue",
}
STATEFUL_SUFFIXES = ("Cache", "Publisher", "Service", "Summaries", "State", "RateLimit")


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def called_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return None


def mutable_value(name: str, value: ast.expr | None) -> str | None:
    """Why a module-level `name = value` is mutable state, or None when it is a constant."""
    if value is None or name == "__all__":
        return None
    constant = name.lstrip("_").isupper()  # UPPER_CASE: a read-only table by convention
    if isinstance(value, (ast.List, ast.Set, ast.ListComp, ast.SetComp)):
        return "a list or set"
    if isinstance(value, (ast.Dict, ast.DictComp)) and not constant:
        return "a dict bound to a lower-case name"
    called = called_name(value)
    if called in MUTABLE_CALLS:
        return f"{called}()"
    if called and called.endswith(STATEFUL_SUFFIXES):
        return f"a {called}"
    return None


def test_no_module_level_mutable_state():
    found = []
    for path, tree in modules():
        for node in tree.body:
            targets = []
            if isinstance(node, ast.Assign):
                targets = [(t, node.value) for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                targets = [(node.target, node.value)]
            for target, value in targets:
                why = mutable_value(target.id, value)
                if why:
                    found.append(f"{path}:{node.lineno} {target.id} is {why}")
        found += [
            f"{path}:{node.lineno} `global`"
            for node in ast.walk(tree)
            if isinstance(node, ast.Global)
        ]
    assert found == [], "module-level mutable state; hang it on workshop.live.LiveState"


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imports_package(names: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in names)


def test_only_the_app_factory_and_the_socket_layer_import_realtime():
    found = [
        str(path)
        for path, tree in modules()
        if path.parts[1] != "realtime"
        and path != Path("workshop/app.py")
        and imports_package(imported(tree), "workshop.realtime")
    ]
    assert found == [], "edges call workshop.live, not workshop.realtime"


def test_blueprints_do_not_import_each_other():
    found = []
    for path, tree in modules():
        if path.parts[1] not in BLUEPRINTS:
            continue
        names = imported(tree)
        found += [
            f"{path} imports workshop.{other}"
            for other in BLUEPRINTS
            if other != path.parts[1] and imports_package(names, f"workshop.{other}")
        ]
    assert found == []
