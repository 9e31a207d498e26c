"""The house rules: small modules, the package's imports in layers, pure chapter scripts.

Each rule is read from the source with :mod:`ast`, so a change that breaks one fails here,
naming the file and line, rather than in a review.
"""

import ast
import collections
import pathlib
import sys

from sinefit import chapters

ROOT = pathlib.Path(__file__).resolve().parent.parent
CODE = ("sinefit", "sitebuild", "sitecheck", "tests")
LONGEST = 300


def python_files(*folders: str) -> list[pathlib.Path]:
    found = [p for f in folders for p in (ROOT / f).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(found)


def tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(node: ast.AST) -> list[str]:
    """The modules an import statement names; ``from a import b`` names ``a`` and ``a.b``
    (``a.b`` is a module or a name in ``a``: the caller tells them apart)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return []


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_is_over_300_lines():
    files = [*python_files(*CODE), ROOT / "noxfile.py", ROOT / "mkdocs_hooks.py"]
    long = {
        str(p.relative_to(ROOT)): n
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert all(python_files(folder) for folder in CODE)
    assert long == {}


def test_the_package_imports_itself_only_at_the_top_of_a_module():
    inside = []
    for path in python_files("sinefit"):
        module = tree(path)
        top = {id(node) for node in module.body}
        inside += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(module)
            if id(node) not in top and any(n.split(".")[0] == "sinefit" for n in imported(node))
        ]
    assert inside == []


def package_graph() -> dict[str, set[str]]:
    """Each sinefit module and the sinefit modules it imports.

    ``from sinefit import checks`` counts as importing ``sinefit.checks`` alone: the
    package's ``__init__`` runs first, but the layer the line depends on is the module's.
    """
    modules = {module_name(p): p for p in python_files("sinefit")}
    graph = {}
    for name, path in modules.items():
        needs = set()
        for node in ast.walk(tree(path)):
            names = imported(node)
            if isinstance(node, ast.ImportFrom):
                submodules = [n for n in names[1:] if n in modules]
                names = submodules or names[:1]
            needs.update(n for n in names if n in modules and n != name)
        graph[name] = needs
    return graph


def circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` (``[a, b, a]``: a imports b, b imports a), or None."""
    state = dict.fromkeys(graph, "unseen")

    def visit(name, path):
        if state[name] == "on the path":
            return [*path[path.index(name) :], name]
        if state[name] == "unseen":
            state[name] = "on the path"
            for other in sorted(graph[name]):
                if found := visit(other, [*path, name]):
                    return found
            state[name] = "done"
        return None

    return next((found for name in sorted(graph) if (found := visit(name, []))), None)


def test_circle_finds_a_circle_and_only_a_circle():
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_package_has_no_import_circle():
    graph = package_graph()
    assert "sinefit.scripts.polynomial_tensor" in graph["sinefit.polynomial_tensor"]
    assert circle(graph) is None


def test_the_chapter_scripts_import_only_numpy_torch_and_the_standard_library():
    scripts = [p for p in python_files("sinefit/scripts") if p.name != "__init__.py"]
    assert {p.stem for p in scripts} == {c.stem for c in chapters.CHAPTERS if c.kind == "script"}
    allowed = {"numpy", "torch", *sys.stdlib_module_names}
    found = {
        f"{path.name}:{node.lineno} {name}"
        for path in scripts
        for node in ast.walk(tree(path))
        for name in imported(node)
        if name.split(".")[0] not in allowed
    }
    assert found == set()


def test_no_two_test_files_share_a_name():
    names = collections.Counter(p.name for p in python_files(*CODE) if p.name.startswith("test_"))
    assert [name for name, count in names.items() if count > 1] == []
