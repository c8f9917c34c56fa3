"""The code's shape: what it cites exists, and which modules may import which."""
import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "publisher"
CITED_DOC = re.compile(r"\bdocs/[\w./-]+\.md\b")


def test_every_document_the_code_cites_is_in_the_repository():
    cited = {(path.relative_to(ROOT), doc) for path in [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py")]
             for doc in CITED_DOC.findall(path.read_text(encoding="utf-8"))}
    assert cited, "the audits cite their rules in docs/"
    missing = sorted(f"{source}: {doc}" for source, doc in cited if not (ROOT / doc).is_file())
    assert not missing, missing


def test_no_module_cites_rules_outside_the_repository():
    outside = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
               if re.search(r"(?<!docs/)\bACCESSIBILITY\.md|shared/ACCESSIBILITY", path.read_text(encoding="utf-8"))]
    assert not outside


def module_imports() -> dict[str, set[str]]:
    """Every module of the package and the modules of the package it imports, at any depth of
    its code (an import inside a function is an import too)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    imports: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                          for alias in node.names}
        imports[name] = {target for target in found if target in modules and target != name}
    return imports


def test_audits_and_renderers_never_import_each_other():
    crossing = sorted(f"{module} imports {target}" for module, targets in module_imports().items()
                      for target in targets
                      if (module.startswith("publisher.audit") and target.startswith("publisher.render"))
                      or (module.startswith("publisher.render") and target.startswith("publisher.audit")))
    assert not crossing


def test_a_spec_imports_neither_a_renderer_nor_an_audit():
    """(``publisher.audit`` itself holds the Finding and Passage types the contract names.)"""
    leaking = sorted(f"{module} imports {target}" for module, targets in module_imports().items()
                     if module.startswith("publisher.spec") for target in targets
                     if target.startswith(("publisher.render", "publisher.audit.")))
    assert not leaking


def test_no_import_cycle_between_our_modules():
    graph = module_imports()
    cycles = []
    for start in graph:
        path, seen = [start], set()
        stack = [(start, iter(sorted(graph[start])))]
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                stack.pop()
                path.pop()
            elif target == start:
                cycles.append(" -> ".join(path + [start]))
            elif target not in seen and target not in path:
                seen.add(target)
                path.append(target)
                stack.append((target, iter(sorted(graph[target]))))
    assert not cycles, sorted(set(cycles))[:5]
