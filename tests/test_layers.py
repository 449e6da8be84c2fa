"""The apps import one another in one direction only: each app imports only the apps below it.

Every module of our apps is parsed (tests and migrations aside), imports placed inside functions
included. References by name (settings, `apps.get_model("home.HomePage")`, string model paths
in migrations) are not imports and are not counted. docs/architecture.md draws these layers.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom first. An app may import the apps of the layers before its own, never one of its own
# layer nor above. hub (settings, urls) is last: nothing imports it, settings name it by string.
LAYERS = [
    ["core"],
    ["publications"],
    ["search", "bonnes_pratiques", "home"],
    ["alerts", "programmes"],  # above search: an alert is a search's facets; a programme's status is one
    ["demo", "catalogue"],
    ["hub"],
]


def our_apps(root=ROOT):
    """Top-level packages of the project: the Django apps (an apps.py) and the project (hub)."""
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir() and ((path / "apps.py").exists() or (path / "settings").is_dir())
    )


def modules(app, root=ROOT):
    for path in sorted((root / app).rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_") or path.name == "conftest.py":
            continue
        yield path


def app_edges(apps, root=ROOT):
    """{(from_app, to_app): ["path:line module", ...]} for every absolute import between two apps."""
    edges = defaultdict(list)
    for app in apps:
        for path in modules(app, root):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:  # a relative import stays inside
                    names = [node.module or ""]
                else:
                    continue
                for name in names:
                    target = name.split(".")[0]
                    if target in apps and target != app:
                        edges[(app, target)].append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    return edges


def circles(edges):
    """Each circle of the app graph once, as a list of apps [a, b, ..., a]."""
    graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    found, seen = [], set()

    def visit(app, path):
        for target in sorted(graph[app]):
            if target in path:
                circle = path[path.index(target) :] + [target]
                key = frozenset(circle)
                if key not in seen:
                    seen.add(key)
                    found.append(circle)
            else:
                visit(target, path + [target])

    for app in sorted(graph):
        visit(app, [app])
    return found


def layer_violations(edges, layers=LAYERS):
    """["app -> other (not below it): file:line imports module", ...]."""
    rank = {app: number for number, layer in enumerate(layers) for app in layer}
    problems = []
    for (source, target), places in sorted(edges.items()):
        if source not in rank or target not in rank:
            continue  # test_every_app_has_a_layer names it
        if rank[target] >= rank[source]:
            where = "same layer" if rank[target] == rank[source] else "above it"
            problems += [f"{source} -> {target} ({where}): {place}" for place in places]
    return problems


def test_every_app_has_a_layer():
    declared = {app for layer in LAYERS for app in layer}
    missing = sorted(set(our_apps()) - declared)
    assert not missing, f"Apps missing from LAYERS in tests/test_layers.py (add them where they belong): {missing}"


def test_the_apps_import_one_another_without_circles():
    edges = app_edges(our_apps())
    found = circles(edges)
    details = [
        f"{' -> '.join(circle)}:\n    "
        + "\n    ".join(place for a, b in zip(circle, circle[1:], strict=False) for place in edges[(a, b)])
        for circle in found
    ]
    assert not found, "Import circles between apps:\n" + "\n".join(details)


def test_each_app_imports_only_the_layers_below_it():
    problems = layer_violations(app_edges(our_apps()))
    order = " < ".join("/".join(layer) for layer in LAYERS)
    assert not problems, f"Imports against the layers ({order}):\n" + "\n".join(problems)


def test_the_checks_report_a_bad_import_with_its_place(tmp_path):
    """The checks themselves: a bottom app importing one above it is found, with file and line."""
    for app in ("core", "home"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "apps.py").write_text("")
    (tmp_path / "core" / "tree.py").write_text("import os\n\n\ndef tree():\n    from home.models import HomePage\n")
    (tmp_path / "home" / "models.py").write_text("from core.tree import tree\n")
    (tmp_path / "home" / "tests").mkdir()
    (tmp_path / "home" / "tests" / "test_x.py").write_text("from core import nothing\n")  # tests: not counted
    edges = app_edges(our_apps(tmp_path), tmp_path)
    assert dict(edges) == {
        ("core", "home"): ["core/tree.py:5 imports home.models"],
        ("home", "core"): ["home/models.py:1 imports core.tree"],
    }
    assert circles(edges) == [["core", "home", "core"]]
    assert layer_violations(edges, [["core"], ["home"]]) == [
        "core -> home (above it): core/tree.py:5 imports home.models"
    ]
    assert layer_violations({("home", "search"): ["home/x.py:3 imports search"]}, [["core"], ["home", "search"]]) == [
        "home -> search (same layer): home/x.py:3 imports search"
    ]
