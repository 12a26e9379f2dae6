"""Checks the README's Python construct example against the Python bindings jsii-pacmak generated.

Usage: check-python-example.py README.md path/to/cdk_swf/__init__.py

Every name the example imports from cdk_swf must be a generated class; every keyword argument it passes to one of
those classes must be a parameter of the class's constructor; every `Class.member` it reads must exist on the class.
Prints one line per problem and exits 1 if there is any.
"""
import ast
import re
import sys

readme_path, module_path = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```python\n(.*?)```", open(readme_path, encoding="utf-8").read(), re.S)
examples = [block for block in blocks if "from cdk_swf import" in block]
if not examples:
    sys.exit("the README has no ```python block that imports from cdk_swf")

generated = ast.parse(open(module_path, encoding="utf-8").read())
classes = {node.name: node for node in generated.body if isinstance(node, ast.ClassDef)}


def members(cls):
    """Methods, properties and class-level constants (enum members) of a generated class."""
    names = {node.name for node in cls.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in cls.body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def constructor_parameters(cls):
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            return {arg.arg for arg in node.args.args + node.args.kwonlyargs}
    return set()


problems = []
for example in examples:
    tree = ast.parse(example)  # a syntax error fails here, with its line
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "cdk_swf":
            for alias in node.names:
                if alias.name not in classes:
                    problems.append(f"imports {alias.name} from cdk_swf, which the bindings do not define")
                imported.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes and node.func.id in imported:
            parameters = constructor_parameters(classes[node.func.id])
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg not in parameters:
                    problems.append(f"line {node.lineno}: {node.func.id}(...) has no parameter {keyword.arg}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
            cls = classes.get(node.value.id)
            if cls is not None and node.attr not in members(cls):
                problems.append(f"line {node.lineno}: {node.value.id}.{node.attr} does not exist in the bindings")

for problem in problems:
    print(problem)
print(f"checked {len(examples)} example(s): {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
