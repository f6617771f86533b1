#!/usr/bin/env python3
"""Check that Tidings' own .proto files describe the same API as a reference copy.

Both trees are compiled with protoc into descriptor sets; the descriptors are
decoded to text (custom options such as google.api.http resolved by name),
normalised and compared structurally. Source comments and declaration order
of top-level items, nested items and fields do not matter; everything else in
the descriptors does (names, numbers, types, labels, type names, json names,
oneofs, proto3 optional, reserved ranges/names, maps, services, streaming
flags, and every option), except options listed with --ignore-option, whose
differences are printed separately and do not fail the run.

Needs only python3 and protoc (the one shipped in the Grpc.Tools NuGet package
is found automatically).

Example:
    python3 protos/tools/compare_descriptors.py \
        --ref-root /tmp/npmref/google-cloud-pubsub-5.3.1/package/build/protos \
        google/pubsub/v1/pubsub.proto google/pubsub/v1/schema.proto

A reference file may import protos its package does not ship (the Cloud Tasks
protos import google/iam/v1/*, which come with google-gax); --ref-include adds
such a folder to the reference compile only, so that our files are still
compiled against Google.Api.CommonProtos and our own google/iam/v1.

Exit code: 0 when there are no (non-ignored) differences, 1 otherwise,
2 on usage / compile errors.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OURS_ROOT = os.path.normpath(os.path.join(HERE, ".."))

# Options that only matter to other languages' code generators or to Google's
# client-library generator. They may be left out of our files.
DEFAULT_IGNORED_OPTIONS = [
    "go_package",
    "java_multiple_files",
    "java_outer_classname",
    "java_package",
    "php_namespace",
    "ruby_package",
    "objc_class_prefix",
    "swift_prefix",
    "cc_enable_arenas",
    "[google.api.method_signature]",
    "[google.api.default_host]",
    "[google.api.oauth_scopes]",
]

# Repeated descriptor members that are identified by their "name".
KEYED_BY_NAME = {
    "message_type",
    "nested_type",
    "enum_type",
    "service",
    "method",
    "field",
    "extension",
    "value",
    "oneof_decl",
}


# --------------------------------------------------------------------------
# locating tools


def _newest(pattern: str) -> str | None:
    hits = sorted(glob.glob(os.path.expanduser(pattern)))
    return hits[-1] if hits else None


def find_protoc() -> str | None:
    arch = {"x86_64": "linux_x64", "aarch64": "linux_arm64"}.get(os.uname().machine, "linux_x64")
    return _newest(f"~/.nuget/packages/grpc.tools/*/tools/{arch}/protoc")


def default_includes() -> list[str]:
    incs = []
    wkt = _newest("~/.nuget/packages/grpc.tools/*/build/native/include")
    api = _newest("~/.nuget/packages/google.api.commonprotos/*/content/protos")
    for p in (api, wkt):
        if p:
            incs.append(p)
    return incs


# --------------------------------------------------------------------------
# protoc


def run(cmd: list[str], stdin: bytes | None = None) -> bytes:
    res = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if res.returncode != 0:
        sys.stderr.write(f"command failed: {' '.join(cmd)}\n{res.stderr.decode(errors='replace')}")
        sys.exit(2)
    return res.stdout


def descriptor_text(protoc: str, root: str, includes: list[str], files: list[str], workdir: str, tag: str) -> str:
    out = os.path.join(workdir, f"{tag}.pb")
    cmd = [protoc, f"-I{root}"] + [f"-I{i}" for i in includes]
    cmd += ["--include_imports", f"--descriptor_set_out={out}"] + files
    run(cmd)
    with open(out, "rb") as fh:
        blob = fh.read()
    # Decode using the set itself as schema so custom options print by name.
    dec = [protoc, f"--descriptor_set_in={out}", "--decode=google.protobuf.FileDescriptorSet"] + files
    return run(dec, stdin=blob).decode("utf-8")


# --------------------------------------------------------------------------
# minimal text-format parser (enough for protoc --decode output)


def tokenize(text: str):
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in "{}:<>":
            yield c
            i += 1
        elif c == "[":
            j = text.index("]", i)
            yield text[i : j + 1]
            i = j + 1
        elif c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            yield ("str", text[i + 1 : j])
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{}:<>[]\"'#":
                j += 1
            yield text[i:j]
            i = j


def parse(text: str) -> dict:
    toks = list(tokenize(text))
    pos = 0

    def msg(end: str | None) -> dict:
        nonlocal pos
        node: dict = {}
        while pos < len(toks):
            t = toks[pos]
            if t == end:
                pos += 1
                return node
            key = t
            pos += 1
            if toks[pos] == ":":
                pos += 1
            if toks[pos] in ("{", "<"):
                close = "}" if toks[pos] == "{" else ">"
                pos += 1
                val = msg(close)
            else:
                val = toks[pos]
                pos += 1
                if isinstance(val, tuple):
                    val = '"' + val[1] + '"'
            node.setdefault(key, []).append(val)
        if end is not None:
            raise ValueError("unbalanced text format")
        return node

    return msg(None)


# --------------------------------------------------------------------------
# normalisation


def normalise(node: dict, ignored: set[str], ignored_out: dict, path: str):
    """Turn a parsed descriptor into a structure whose equality means 'same API'."""
    node = dict(node)
    node.pop("source_code_info", None)

    # Record oneof membership by name as well as by index.
    if "oneof_decl" in node and "field" in node:
        names = [o["name"][0] for o in node["oneof_decl"]]
        for f in node["field"]:
            if "oneof_index" in f:
                f["oneof_name"] = [names[int(f["oneof_index"][0])]]

    # public/weak dependency are indices into dependency.
    deps = node.get("dependency", [])
    for k in ("public_dependency", "weak_dependency"):
        if k in node:
            node[k] = sorted(deps[int(i)] for i in node[k])
    if "dependency" in node:
        node["dependency"] = sorted(deps)

    out: dict = {}
    for key, vals in node.items():
        if key in KEYED_BY_NAME:
            d = {}
            for v in vals:
                name = v["name"][0]
                if name in d:
                    raise ValueError(f"duplicate {key} {name} in {path}")
                d[name] = normalise(v, ignored, ignored_out, f"{path}/{key}:{name}")
            out[key] = d
        elif key in ("reserved_range", "extension_range"):
            # Shown as "start..end" with end exclusive, as stored in descriptors.
            out[key] = sorted(f"{r.get('start', ['?'])[0]}..{r.get('end', ['?'])[0]}" for r in vals)
            for r in vals:
                if "options" in r:
                    out.setdefault(key + "_options", []).append(r["options"])
        elif key == "reserved_name":
            out[key] = sorted(vals)
        elif key == "options":
            opts = {}
            for ok, ov in vals[0].items():
                target = ignored_out.setdefault(path, {}) if ok in ignored else opts
                target[ok] = [normalise(x, ignored, ignored_out, f"{path}/{ok}") if isinstance(x, dict) else x for x in ov]
            if opts:
                out[key] = opts
        else:
            conv = [normalise(v, ignored, ignored_out, f"{path}/{key}") if isinstance(v, dict) else v for v in vals]
            out[key] = conv[0] if len(conv) == 1 else conv
    return out


# --------------------------------------------------------------------------
# diff


def diff(a, b, path: str, out: list[str]):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}/{k}"
            if k not in a:
                out.append(f"only in reference: {p} = {short(b[k])}")
            elif k not in b:
                out.append(f"only in ours:      {p} = {short(a[k])}")
            else:
                diff(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"differs: {path}: ours={short(a)} reference={short(b)}")


def short(v) -> str:
    s = repr(v)
    return s if len(s) < 160 else s[:157] + "..."


def counts(fd: dict) -> dict:
    c = {"services": 0, "methods": 0, "messages": 0, "enums": 0, "enum values": 0, "fields": 0, "oneofs": 0}

    def walk_msg(m):
        c["messages"] += 1
        c["fields"] += len(m.get("field", {}))
        c["oneofs"] += len(m.get("oneof_decl", {}))
        for n in m.get("nested_type", {}).values():
            walk_msg(n)
        for e in m.get("enum_type", {}).values():
            walk_enum(e)

    def walk_enum(e):
        c["enums"] += 1
        c["enum values"] += len(e.get("value", {}))

    for s in fd.get("service", {}).values():
        c["services"] += 1
        c["methods"] += len(s.get("method", {}))
    for m in fd.get("message_type", {}).values():
        walk_msg(m)
    for e in fd.get("enum_type", {}).values():
        walk_enum(e)
    return c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="proto paths relative to both roots, e.g. google/pubsub/v1/pubsub.proto")
    ap.add_argument("--ref-root", required=True, help="root directory of the reference protos")
    ap.add_argument("--ours-root", default=DEFAULT_OURS_ROOT, help="root of our protos (default: the protos/ folder)")
    ap.add_argument("--protoc", default=None, help="protoc binary (default: newest Grpc.Tools in ~/.nuget)")
    ap.add_argument("-I", "--include", action="append", default=None,
                    help="extra include dir, searched before Google.Api.CommonProtos and Grpc.Tools "
                         "from ~/.nuget (e.g. for google/iam/v1 protos); repeatable")
    ap.add_argument("--ref-include", action="append", default=[],
                    help="extra include dir for the reference compile only, searched after --ref-root "
                         "(e.g. google-gax's build/protos for the google/iam/v1 files a client package "
                         "imports but does not ship); repeatable")
    ap.add_argument("--ignore-option", action="append", default=None,
                    help="option name whose differences are reported but tolerated "
                         "(custom options as [pkg.name]); repeatable; replaces the default list")
    ap.add_argument("--strict", action="store_true", help="ignore no options at all")
    args = ap.parse_args()

    protoc = args.protoc or find_protoc()
    if not protoc:
        sys.stderr.write("protoc not found; pass --protoc\n")
        return 2
    includes = (args.include or []) + default_includes()
    ignored = set() if args.strict else set(args.ignore_option if args.ignore_option is not None else DEFAULT_IGNORED_OPTIONS)

    with tempfile.TemporaryDirectory() as tmp:
        ours_txt = descriptor_text(protoc, args.ours_root, includes, args.files, tmp, "ours")
        ref_txt = descriptor_text(protoc, args.ref_root, args.ref_include + includes, args.files, tmp, "ref")

    def by_name(txt):
        return {f["name"][0].strip('"'): f for f in parse(txt).get("file", [])}

    ours_files, ref_files = by_name(ours_txt), by_name(ref_txt)
    problems: list[str] = []
    tolerated: list[str] = []
    for f in args.files:
        ign_a: dict = {}
        ign_b: dict = {}
        a = normalise(ours_files[f], ignored, ign_a, f)
        b = normalise(ref_files[f], ignored, ign_b, f)
        diff(a, b, f, problems)
        for path in sorted(set(ign_a) | set(ign_b)):
            diff(ign_a.get(path, {}), ign_b.get(path, {}), path, tolerated)
        c = counts(b)
        print(f"{f}: compared " + ", ".join(f"{v} {k}" for k, v in c.items()))

    if tolerated:
        print(f"\nTolerated differences in ignored options ({len(tolerated)}):")
        for t in tolerated:
            print("  " + t)
    print(f"\nDifferences: {len(problems)}")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
