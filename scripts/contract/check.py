"""Reads the checked-in OpenAPI document the way a vendor's tools read it, and fails on
anything they would reject, skip or get wrong.

1. openapi-spec-validator (OpenAPI 3.1): every error, not only the first.
2. Samlet's own rules, which the validator does not check: every operation says what it
   does (a summary or a description, and a summary says more than the path), has a
   success response whose description is not empty, has an operationId (a generated
   client names its function after it), and every JSON request body has an example that
   its own schema accepts.
3. openapi-python-client generates a client. Any warning or error it prints fails the
   check: it prints one for every schema, response or operation it leaves out. Then every
   (method, path) of the document must have its function in the client, every documented
   success status must be parsed by it, and every file download (a body neither JSON nor
   text) must come back as a File with its bytes.

    check.py [--client DIR] [--only PREFIX] [DOCUMENT]

DOCUMENT defaults to the repository's openapi.json. With --client the generated client is
kept in DIR (a package: DIR's parent on sys.path, `import <DIR's name>`); without it, it is
written to a temporary directory and removed. Other scripts import `generate_client` and
`import_client` from here to drive the API through the same client.

The problems are listed per API (`/api`, `/integration/v1`) so that one side can be
clean while the other is still being worked on; `--only /api` checks one API alone (the
generator reads nothing of a document with an invalid operation anywhere).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
BINARY = {"type": "string", "format": "binary"}


@dataclass
class Problems:
    """What is wrong, by the part of the document it is about."""

    by_area: dict[str, list[str]] = field(default_factory=dict)

    def add(self, area: str, text: str) -> None:
        self.by_area.setdefault(area, []).append(text)

    def count(self) -> int:
        return sum(len(items) for items in self.by_area.values())


def area_of(path: str) -> str:
    """Which API an operation path belongs to; schemas and the document itself are 'document'."""
    if path.startswith("/integration/"):
        return "/integration/v1"
    if path.startswith("/api/"):
        return "/api"
    return "document"


def operations(doc: dict):
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS and isinstance(operation, dict):
                yield method, path, operation


def success_statuses(operation: dict) -> list[str]:
    return [status for status in operation.get("responses", {}) if status.startswith("2")]


# --- 1. The validator -------------------------------------------------------------------


def validate(doc: dict, problems: Problems) -> None:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    for error in OpenAPIV31SpecValidator(doc).iter_errors():
        where = list(error.absolute_path)
        message = error.message.splitlines()[0]
        if len(where) >= 3 and where[0] == "paths":
            area = area_of(where[1])
            location = f"{where[2].upper()} {where[1]} {'/'.join(str(p) for p in where[3:])}"
        else:
            # Errors about the whole document (like a non-unique operationId) name the
            # operation in the message.
            named = re.search(r"in '(/[^']*)'", message)
            area = area_of(named.group(1)) if named else "document"
            location = "/".join(str(p) for p in where) or "document"
        problems.add(area, f"openapi-spec-validator: {location}: {message}")


# --- 2. Samlet's own rules --------------------------------------------------------------


def own_rules(doc: dict, problems: Problems) -> None:
    """A missing response description and a repeated operationId are the validator's to
    report; an empty description passes it but tells a reader nothing."""
    for method, path, operation in operations(doc):
        name = f"{method.upper()} {path}"
        area = area_of(path)
        summary = operation.get("summary", "")
        if not (summary.strip() or operation.get("description", "").strip()):
            problems.add(area, f"{name}: no summary or description says what the operation does")
        elif summary.strip() and not re.search(
            r"[A-Za-z]", summary.replace(path, "").replace(method.upper(), "")
        ):
            problems.add(area, f"{name}: the summary only repeats the path ({summary.strip()!r})")
        statuses = success_statuses(operation)
        if not statuses:
            problems.add(area, f"{name}: no success (2xx) response")
        for status in statuses:
            description = operation["responses"][status].get("description")
            if description is not None and not description.strip():
                problems.add(area, f"{name}: the description of success response {status} is empty")
        if not operation.get("operationId"):
            problems.add(area, f"{name}: no operationId (a generated client names its function after it)")
        json_body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if json_body is not None:
            if "example" not in json_body:
                problems.add(area, f"{name}: the JSON request body has no example")
            else:
                for error in example_errors(doc, json_body["schema"], json_body["example"]):
                    problems.add(area, f"{name}: the example breaks its schema: {error}")


def example_errors(doc: dict, schema: dict, example) -> list[str]:
    """What is wrong with an example by its own schema (JSON Schema 2020-12, as OpenAPI 3.1
    uses): an example a vendor copies must be one the server's document accepts."""
    from jsonschema import Draft202012Validator

    # The schema, with the document's components beside it, so `#/components/...` resolves.
    validator = Draft202012Validator({**schema, "components": doc.get("components", {})})
    return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}" for e in validator.iter_errors(example)]


# --- 3. The generated client ------------------------------------------------------------


@dataclass
class Generated:
    """The result of one run of openapi-python-client."""

    package: Path
    exit_code: int
    output: str
    #: The generator's warnings and errors, without the JSON it quotes from the document.
    complaints: list[str]

    @property
    def clean(self) -> bool:
        return self.exit_code == 0 and not self.complaints and (self.package / "__init__.py").is_file()


def binary_media_types(doc: dict) -> set[str]:
    """Media types whose responses are files (the schema says binary)."""
    found = set()
    for _, _, operation in operations(doc):
        for response in operation.get("responses", {}).values():
            for media_type, content in response.get("content", {}).items():
                if content.get("schema") == BINARY:
                    found.add(media_type)
    return found


def generate_client(document: Path, package: Path) -> Generated:
    """Writes a client for `document` as the package directory `package` (replaced if there).

    The generator only knows a few media types (JSON, text, octet-stream) and skips a
    response of any other. A file download is served as the type its bytes are (a PDF is
    `application/pdf`), so the config tells the generator to read each binary media type
    of the document as octet-stream: it then returns the bytes as a `File`. A media type
    whose schema is not binary is not mapped, so a download described wrongly still warns.
    """
    doc = json.loads(document.read_text())
    # The generator keeps what is there when it fails; a stale client must not pass.
    shutil.rmtree(package, ignore_errors=True)
    python_bin = Path(sys.executable).parent
    generator = python_bin / "openapi-python-client"
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "config.json"
        config.write_text(
            json.dumps(
                {
                    "content_type_overrides": {
                        media_type: "application/octet-stream"
                        for media_type in sorted(binary_media_types(doc))
                    }
                }
            )
        )
        # The generator formats what it writes with ruff, which is installed beside it.
        env = {**os.environ, "PATH": f"{python_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
        run = subprocess.run(
            [
                str(generator),
                "generate",
                "--path",
                str(document),
                "--output-path",
                str(package),
                "--meta",
                "none",
                "--config",
                str(config),
                "--overwrite",
            ],
            capture_output=True,
            text=True,
            env=env,
            # Its exit status is read below, with its output.
            check=False,
        )
    output = run.stdout + run.stderr
    return Generated(package=package, exit_code=run.returncode, output=output, complaints=complaints(output))


def complaints(output: str) -> list[str]:
    """The generator's warnings and errors, one string each.

    It prints one block per problem: a header ("WARNING parsing GET /x within y.",
    "Unable to process schema ..."), a line or two of detail, then the offending part of
    the document as JSON, which is left out here (it is the document's own text).
    """
    headers = ("WARNING", "ERROR", "Unable to", "Failed to", "Skipping", "Could not")
    noise = (
        "Generating ",
        "Warning(s) encountered",
        "Error(s) encountered",
        "If you believe this was a mistake",
        "For further information visit",
    )
    items: list[list[str]] = []
    in_json = False
    for line in output.splitlines():
        if in_json:
            in_json = line != "}"
            continue
        if line == "{":
            in_json = True
            continue
        text = line.strip()
        if not text or text.startswith(noise):
            continue
        # The generator prints an object's repr where it means the status code.
        text = re.sub(r"status code <openapi_python_client\S* object at 0x[0-9a-f]+>", "a status code", text)
        if text.startswith(headers) or not items:
            items.append([text])
        else:
            items[-1].append(text)
    if not items and any(marker in output for marker in ("Warning(s) encountered", "Error(s) encountered")):
        items.append([output.strip()])
    # "...resulted in the removal of:" is followed by the JSON left out above.
    items = [item[:-1] if item[-1].endswith("removal of:") else item for item in items]
    return ["\n".join(item) for item in items]


def schema_areas(doc: dict) -> dict[str, set[str]]:
    """Which APIs use each component schema, through any chain of references."""

    def refs(value, found: set[str]) -> set[str]:
        if isinstance(value, dict):
            ref = value.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                found.add(ref.rsplit("/", 1)[1])
            for inner in value.values():
                refs(inner, found)
        elif isinstance(value, list):
            for inner in value:
                refs(inner, found)
        return found

    schemas = doc.get("components", {}).get("schemas", {})
    areas: dict[str, set[str]] = {name: set() for name in schemas}
    for _, path, operation in operations(doc):
        pending = list(refs(operation, set()))
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen or name not in schemas:
                continue
            seen.add(name)
            areas[name].add(area_of(path))
            pending.extend(refs(schemas[name], set()))
    return areas


def complaint_area(text: str, used_by: dict[str, set[str]]) -> str:
    """The API a generator warning is about: the operation it names, or the operations
    that use the schema it names (`Foo_type_1` is part of the schema `Foo`)."""
    # "GET /x" in a warning, "paths./x.get." in the error of a document it cannot read.
    named = re.findall(r"\b(?:GET|PUT|POST|DELETE|PATCH) (/\S*)", text)
    named += re.findall(r"\bpaths\.(/\S+?)\.(?:get|put|post|delete|patch)\.", text)
    areas = {area_of(path) for path in named}
    if len(areas) == 1:
        return areas.pop()
    match = re.search(r"/components/schemas/(\w+)", text)
    if match:
        name = match.group(1)
        while name not in used_by and "_" in name:
            name = name.rsplit("_", 1)[0]
        areas = used_by.get(name, set())
        if len(areas) == 1:
            return next(iter(areas))
    return "document"


def generated_operations(package: Path) -> dict[tuple[str, str], Path]:
    """(method, path) → the module the generator wrote for it (api/<tag>/<operation_id>.py)."""
    found = {}
    pattern = re.compile(r'"method": "(\w+)",\s*"url": (?:f?)"([^"]+)"')
    for module in sorted((package / "api").glob("*/*.py")):
        match = pattern.search(module.read_text())
        if match:
            found[(match.group(1), match.group(2))] = module
    return found


def import_client(package: Path):
    """Imports a generated client package (as written by `generate_client`)."""
    parent = str(package.resolve().parent)
    if parent not in sys.path:
        sys.path.insert(0, parent)
    return importlib.import_module(package.name)


def check_client(doc: dict, generated: Generated, problems: Problems) -> None:
    used_by = schema_areas(doc)
    for text in generated.complaints:
        problems.add(complaint_area(text, used_by), f"openapi-python-client: {text}")
    if generated.exit_code != 0 and not generated.complaints:
        problems.add("document", f"openapi-python-client exited with {generated.exit_code}")
    if not (generated.package / "__init__.py").is_file():
        # Because of what it complained about: the same API's, when they are all one API's.
        areas = {complaint_area(text, used_by) for text in generated.complaints}
        area = areas.pop() if len(areas) == 1 else "document"
        problems.add(area, "openapi-python-client wrote no client, so no operation could be checked in one")
        return
    modules = generated_operations(generated.package)
    downloads = []
    for method, path, operation in operations(doc):
        name = f"{method.upper()} {path}"
        module = modules.get((method, path))
        if module is None:
            problems.add(area_of(path), f"{name}: the generated client has no function for it")
            continue
        source = module.read_text()
        for status in success_statuses(operation):
            if f"response.status_code == {status}" not in source:
                problems.add(
                    area_of(path),
                    f"{name}: the generated {module.stem}() does not read the {status} response",
                )
            for media_type in operation["responses"][status].get("content", {}):
                if is_download(media_type):
                    downloads.append((name, module, int(status), media_type))
    if downloads:
        check_downloads(generated.package, downloads, problems)


def is_download(media_type: str) -> bool:
    """A body that is neither JSON nor text is a file to download."""
    return not (
        media_type == "application/json" or media_type.endswith("+json") or media_type.startswith("text/")
    )


def check_downloads(package: Path, downloads, problems: Problems) -> None:
    """A good download must come back as a `File` with its bytes, not crash the parser (as
    a body described as a JSON array of integers did)."""
    client = import_client(package)
    types = importlib.import_module(f"{package.name}.types")
    import httpx

    body = b"%PDF-1.7\n% a file the contract check pretends to download\n"
    for name, module_path, status, media_type in downloads:
        module_name = ".".join((package.name, *module_path.relative_to(package).with_suffix("").parts))
        module = importlib.import_module(module_name)
        response = httpx.Response(status, content=body, headers={"content-type": media_type})
        try:
            parsed = module._build_response(
                client=client.AuthenticatedClient(base_url="http://contract.invalid", token="x"),
                response=response,
            ).parsed
            ok = isinstance(parsed, types.File) and parsed.payload.read() == body
            if not ok:
                problems.add(
                    area_of(name.split(" ", 1)[1]),
                    f"{name}: a download ({media_type}) parses as {type(parsed).__name__}, not as a File with its bytes",
                )
        except Exception as error:  # noqa: BLE001 - any crash is the finding
            problems.add(
                area_of(name.split(" ", 1)[1]),
                f"{name}: a good download ({media_type}) crashes the generated client: {error!r}",
            )


# --- The report -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("document", nargs="?", type=Path, default=ROOT / "openapi.json")
    parser.add_argument("--client", type=Path, help="keep the generated client here (a package directory)")
    parser.add_argument(
        "--only",
        metavar="PREFIX",
        help="check only the operations whose path starts with PREFIX (e.g. /api), to see one API "
        "clean while the other is being worked on; the schemas are all kept",
    )
    args = parser.parse_args()
    if args.client and not args.client.name.isidentifier():
        # The downloads are checked by importing the client, by that name.
        parser.error(f"--client {args.client}: its last part is the package's name, so a Python identifier")

    doc = json.loads(args.document.read_text())
    with tempfile.TemporaryDirectory() as scratch:
        document = args.document
        if args.only:
            doc["paths"] = {path: item for path, item in doc["paths"].items() if path.startswith(args.only)}
            document = Path(scratch) / args.document.name
            document.write_text(json.dumps(doc))
            print(f"Only the {len(doc['paths'])} paths under {args.only}")
        problems = Problems()
        validate(doc, problems)
        own_rules(doc, problems)
        package = args.client or Path(scratch) / "samlet_client"
        generated = generate_client(document, package)
        check_client(doc, generated, problems)
        if args.client:
            print(f"The generated client is in {package}")

    total = sum(1 for _ in operations(doc))
    if not problems.count():
        print(
            f"{args.document.name}: OK (openapi-spec-validator 3.1, own rules, a client for all {total} operations)"
        )
        return 0
    for area in sorted(problems.by_area):
        items = problems.by_area[area]
        print(f"\n{area}: {len(items)} problem(s)")
        for item in items:
            lines = item.splitlines()
            # A document the generator cannot read at all gets a line or two per field it
            # chokes on; the validator has listed them above, so a few are enough here.
            if len(lines) > 8:
                lines = [*lines[:7], f"... ({len(lines) - 7} more lines)"]
            print("  - " + "\n      ".join(lines))
    counts = ", ".join(f"{area} {len(items)}" for area, items in sorted(problems.by_area.items()))
    print(f"\n{args.document.name}: FAILED ({counts})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
