"""The library reads bottom-up: each stage imports only stages below it, and no two modules import each other.

Layers, lowest first (README, "What is where"). Modules at the package's top level that are not listed in TOP
(errors, paths, io, executors) are the bottom layer every stage may use.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qy_analysis"
LAYERS = [
    "(bottom)",
    "reference",
    "ingest",
    "cleaning",
    "forecasting",
    "projection",
    "targets",
    "evaluation",
    "reporting",
    "publish",
    "(top)",
]
TOP = {"__init__", "__main__", "cli", "commands", "explorer"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    parts = module.split(".")[1:]
    if not parts or parts[0] in TOP:
        return LAYERS.index("(top)")
    if parts[0] in LAYERS:
        return LAYERS.index(parts[0])
    return LAYERS.index("(bottom)")


def _imports(path: Path) -> set[str]:
    """Every qy_analysis module this file imports, at any depth of the file (function-level imports too)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "qy_analysis":
                continue
            for alias in node.names:  # `from . import x` names a module; `from .m import f` names m
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "qy_analysis"}
    return found


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_stage_imports_a_stage_above_it():
    upward = [
        f"{module} ({LAYERS[_layer(module)]}) imports {target} ({LAYERS[_layer(target)]})"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_two_modules_import_each_other():
    graph = _graph()
    mutual = sorted(
        {tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a != b and a in graph.get(b, set())}
    )
    assert mutual == []


def test_every_stage_package_is_a_known_layer():
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert stages <= set(LAYERS), f"add {sorted(stages - set(LAYERS))} to LAYERS in the order it belongs"


def test_the_checker_reads_relative_and_function_level_imports():
    """The rule can fail only if imports are seen: these known ones must be."""
    graph = _graph()
    assert "qy_analysis.projection.shrinkage" in graph["qy_analysis.targets.assessment"]
    assert "qy_analysis.cleaning.pipeline" in graph["qy_analysis.commands"]  # imported inside a function
